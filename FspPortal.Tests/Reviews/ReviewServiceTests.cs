using FspPortal.Tests.Domain.Plans;
using System.Security.Claims;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Reviews;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FspPortal.Tests.Reviews;

/// <summary>Add review through the real service and SQLite: pre-fill, drafts, the checks of each step, tiles, closure, access.</summary>
[Trait("Category", "Integration")]
public sealed class ReviewServiceTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 2, 12, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Now));
    private readonly PortalFactory portal;
    private string sam = "", alex = "";

    public ReviewServiceTests() => portal = new PortalFactory(clock: clock);

    private ReviewService Reviews => portal.Services.GetRequiredService<ReviewService>();
    private PlanQueries Queries => portal.Services.GetRequiredService<PlanQueries>();

    public async Task InitializeAsync()
    {
        sam = (await portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes")).Id;
        alex = (await portal.CreateUserAsync("alex@hub.example.org", "tangerine bicycle under moonlight", "Alex Other")).Id;
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    /// <summary>The pre-filled form made valid the way a practitioner would: progress on each line, a next review.</summary>
    private static ReviewForm Ready(ReviewSession session)
    {
        var form = session.Form;
        foreach (var line in form.Lines) line.Progress = ReviewLineForm.Partly;
        foreach (var need in form.Needs) need.Progress = FspPortal.Web.Features.Outcomes.NeedProgressForm.Improving;
        form.ReviewDate = "2026-12-14";
        return form;
    }

    [Fact]
    public async Task A_review_starts_from_the_plans_stories_and_what_it_changes_becomes_the_plans_and_is_marked()
    {
        var plan = PlanSeeder.Completed(sam, Now.AddDays(-20));
        plan.SetFamilyMembers([PlanBuilder.Child("Ethan Smith", 7)], PlanBuilder.Today);
        plan.TellFamilyStory(new FamilyStory("Mum started a new job", "A house move last year"));
        plan.TellChildStories([new ChildStory(Plan.MainChildKey, "Football", "Mornings", "Mum")]);
        var planId = await portal.AddAsync(plan);

        var session = (await Reviews.OpenAsync(planId, sam))!;
        Assert.Equal("Mum started a new job", session.Form.FamilyStory!.KeyEventsNow);      // pre-filled, editable
        Assert.Equal(["Owen Smith", "Ethan Smith"], session.Form.ChildStories!.Stories.Select(s => s.ChildName));
        Assert.Equal("Football", session.Form.ChildStories.Stories[0].WorkingWell);
        session.Form.FamilyStory.KeyEventsNow = "Mum is settled in her job; Dad has moved back";
        session.Form.ChildStories.Stories[1].WorkingWell = "Swimming club";           // Ethan's first story
        var result = await Reviews.SaveAsync(planId, Principal(sam), Ready(session));
        Assert.True(result.Succeeded, result.Problem);

        Plan after;
        await using (var db = await portal.CreateDbContextAsync()) after = (await db.Plans.AsNoTracking().SingleAsync(p => p.Id == planId)).ToPlan();
        Assert.Equal("Mum is settled in her job; Dad has moved back", after.FamilyStory.KeyEventsNow);
        Assert.Equal("A house move last year", after.FamilyStory.PastEvents);
        var review = after.Reviews.Single();
        var ethanKey = after.FocusChildren[1].Key;
        Assert.Equal(new[] { Review.FamilyStoryKey, ethanKey }.Order(), review.StoriesChanged!.Order());
        Assert.DoesNotContain(Plan.MainChildKey, review.StoriesChanged!);                   // Owen's story was left as it was
        Assert.Equal("Swimming club", review.ChildStories!.Single(s => s.ChildKey == ethanKey).WorkingWell);
        Assert.Equal("Swimming club", after.ChildStories.Single(s => s.ChildKey == ethanKey).WorkingWell);
    }

    [Fact]
    public async Task A_review_takes_a_13_week_plan_out_of_the_12_week_tile_and_tells_open_pages()
    {
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, Now.AddDays(-7 * 13)));
        Assert.Equal(new TileCounts(0, 1, 0, 1, 0), await Queries.CountsAsync(sam)); // in the 12-week tile (the 6-week one counts 6 to 12)
        var heard = new List<PlanChange>();
        using var _ = portal.Services.GetRequiredService<IPlanNotifier>().Subscribe(sam, c => { lock (heard) heard.Add(c); return Task.CompletedTask; });

        var session = (await Reviews.OpenAsync(planId, sam))!;
        Assert.Equal(AttendeeForm.Attended, session.Form.Attendees.Single(a => a.Name == "Sam Hughes").Attendance); // the reviewer was there
        Assert.Equal("02/11/2026", session.Form.MeetingDate); // dd/mm/yyyy, as typed in the UK
        var result = await Reviews.SaveAsync(planId, Principal(sam), Ready(session));

        Assert.True(result.Succeeded, result.Problem);
        Assert.Equal(1, result.ReviewNumber);
        Assert.Equal(new TileCounts(0, 1, 0, 0, 0), await Queries.CountsAsync(sam));
        await Eventually.TrueAsync(() => { lock (heard) return heard.Count >= 1; }, "Sam's page to hear of the review");
        Assert.Equal([new PlanChange(planId, PlanChangeKind.Review)], heard);
        var overview = (await portal.Services.GetRequiredService<PlanOverviewService>().OpenAsync(planId, Principal(sam)))!;
        Assert.Contains(overview.History, h => h.Action == PlanAuditActions.ReviewAdded && h.Details == "Review 1, meeting on 2 November 2026");
        Assert.Equal(new DateOnly(2026, 12, 14), overview.Plan.NextReview.Date);
        await using var db = await portal.CreateDbContextAsync();
        Assert.False(await db.FormDrafts.AnyAsync(d => d.Form == DraftForm.Review)); // the draft is gone once the review is saved
    }

    [Fact]
    public async Task The_next_review_is_prefilled_from_the_latest_review_not_the_baseline()
    {
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, Now.AddDays(-30)));
        var first = Ready((await Reviews.OpenAsync(planId, sam))!);
        first.Scores.Single(s => s.AspectCode == "early-years").Score = "8";
        first.Lines[0].Progress = ReviewLineForm.Done;
        first.Lines[0].Score = "9";
        first.Lines[0].CloseLine = true;
        first.NewLines.Add(new() { FocusArea = "health", WhatNeedsToChange = "Sleep", WhatWillBeDone = "GP", Who = "Jane", ByWhen = "2026-12-01", ScoreNow = "3" });
        Assert.True((await Reviews.SaveAsync(planId, Principal(sam), first)).Succeeded);

        clock.Advance(TimeSpan.FromDays(14));
        var second = (await Reviews.OpenAsync(planId, sam))!.Form;

        Assert.Equal("8", second.Scores.Single(s => s.AspectCode == "early-years").Score);
        var line = Assert.Single(second.Lines); // the closed line is not offered again
        Assert.Equal(("Sleep", "3", "3"), (line.WhatNeedsToChange, line.ScoreBefore, line.Score));
        Assert.Equal("16/11/2026", second.MeetingDate);
    }

    [Fact]
    public async Task Save_checks_every_step_names_the_first_with_a_problem_and_keeps_the_typing()
    {
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, Now.AddDays(-30)));
        var form = (await Reviews.OpenAsync(planId, sam))!.Form;
        form.MeetingDate = "2026-11-03"; // tomorrow
        form.Summary = "Typed before the mistake was found.";

        var result = await Reviews.SaveAsync(planId, Principal(sam), form);

        Assert.False(result.Succeeded);
        Assert.Equal(ReviewSteps.Meeting, result.FailedStep);
        Assert.Contains(("MeetingDate", "The meeting date cannot be in the future."), result.Errors);
        var reopened = (await Reviews.OpenAsync(planId, sam))!;
        Assert.True(reopened.Restored);
        Assert.Equal("Typed before the mistake was found.", reopened.Form.Summary);

        reopened.Form.MeetingDate = "2026-11-02";
        var lines = await Reviews.SaveAsync(planId, Principal(sam), reopened.Form);
        Assert.Equal(ReviewSteps.FamilyPlan, lines.FailedStep);
        Assert.Contains(("Lines[0].Progress", "Choose the progress: done, partly or not yet."), lines.Errors);
    }

    [Fact]
    public async Task Drafts_are_each_persons_own()
    {
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, Now.AddDays(-30)), extraMembers: [new PlanMember(alex, PlanRole.TeamAroundFamily, true)]);
        var samForm = (await Reviews.OpenAsync(planId, sam))!.Form;
        samForm.Summary = "Sam's words";
        Assert.True(await Reviews.KeepDraftAsync(planId, sam, ReviewSteps.Summary, samForm));

        var alexSession = (await Reviews.OpenAsync(planId, alex))!;
        Assert.False(alexSession.Restored);
        Assert.Equal("", alexSession.Form.Summary);
        var samSession = (await Reviews.OpenAsync(planId, sam))!;
        Assert.Equal((true, ReviewSteps.Summary, "Sam's words"), (samSession.Restored, samSession.Step, samSession.Form.Summary));
    }

    [Fact]
    public async Task Closing_at_a_review_needs_the_coordinator_and_moves_the_plan_to_closed_with_its_reason_in_the_history()
    {
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, Now.AddDays(-30)), extraMembers: [new PlanMember(alex, PlanRole.TeamAroundFamily, true)]);

        var byTeamMember = Ready((await Reviews.OpenAsync(planId, alex))!);
        byTeamMember.Attendees.First().Attendance = AttendeeForm.Attended;
        byTeamMember.NextStep = ReviewForm.Close;
        byTeamMember.ClosureReason = "needs-met";
        foreach (var o in byTeamMember.Outcomes) (o.Progress, o.Evidence) = (FspPortal.Web.Features.Outcomes.NeedOutcomeForm.Yes, "Attends every day");
        Assert.Equal("Only the plan's coordinator can close it.", (await Reviews.SaveAsync(planId, Principal(alex), byTeamMember)).Problem);

        var form = Ready((await Reviews.OpenAsync(planId, sam))!);
        form.NextStep = ReviewForm.Close;
        var missing = await Reviews.SaveAsync(planId, Principal(sam), form);
        Assert.Equal((ReviewSteps.Complete, "Choose why the family support plan is being closed."), (missing.FailedStep, missing.Errors.First().Message));
        Assert.Contains(missing.Errors, e => e.Field == "Outcomes[0].Progress"); // every error of the page at once
        form.ClosureReason = "needs-met";
        var noOutcome = await Reviews.SaveAsync(planId, Principal(sam), form);
        Assert.Equal((ReviewSteps.Complete, "Outcomes[0].Progress", "Say whether the family made significant and sustained progress on Getting a good education: yes, partly or no."),
            (noOutcome.FailedStep, noOutcome.Errors.Single().Field, noOutcome.Errors.Single().Message));
        form.Outcomes[0].Progress = FspPortal.Web.Features.Outcomes.NeedOutcomeForm.Partly;
        var noEvidence = await Reviews.SaveAsync(planId, Principal(sam), form);
        Assert.Equal(("Outcomes[0].Evidence", "Give the evidence of the progress."), (noEvidence.Errors.Single().Field, noEvidence.Errors.Single().Message));
        form.Outcomes[0].Evidence = "Attends four days in five, up from two";
        var closed = await Reviews.SaveAsync(planId, Principal(sam), form);

        Assert.True(closed.ClosedPlan);
        Assert.Equal(new TileCounts(0, 0, 0, 0, 1), await Queries.CountsAsync(sam));
        var overview = (await portal.Services.GetRequiredService<PlanOverviewService>().OpenAsync(planId, Principal(sam)))!;
        Assert.Equal(PlanStatus.Closed, overview.Plan.Status);
        Assert.Contains(overview.History, h => h.Action == PlanAuditActions.Closed
            && h.Details == "Needs met / outcomes achieved (at review 1) \u2014 significant and sustained progress: Getting a good education partly");
        Assert.Equal("This plan is closed. Its coordinator can reopen it (Change status) before a review is added.", (await Reviews.OpenAsync(planId, sam))!.Refusal);
    }

    [Fact]
    public async Task A_stranger_finds_nothing_and_keeps_nothing()
    {
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, Now.AddDays(-30)));
        Assert.Null(await Reviews.OpenAsync(planId, alex));
        Assert.False(await Reviews.KeepDraftAsync(planId, alex, 1, new ReviewForm()));
        Assert.Equal(PlanStore.NotFound, (await Reviews.SaveAsync(planId, Principal(alex), new ReviewForm())).Problem);
        await using var db = await portal.CreateDbContextAsync();
        Assert.False(await db.FormDrafts.AnyAsync(d => d.Form == DraftForm.Review));
    }

    private static ClaimsPrincipal Principal(string userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, userId)], "test"));
}
