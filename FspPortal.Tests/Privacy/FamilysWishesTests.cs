using System.Security.Claims;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Plans.Wizard;
using FspPortal.Web.Features.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Privacy;

/// <summary>
/// The family's "do not share with" list and consent withdrawn, through the services a page calls, over a real database:
/// advice before Save, refusals, the coordinator's confirmation audited, lists stored before the change still enforced.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FamilysWishesTests : IAsyncLifetime
{
    private const string Password = "tangerine bicycle under moonlight";
    private readonly PortalFactory portal = new();
    private ApplicationUser sam = default!, bea = default!, ray = default!, pat = default!, stranger = default!;
    private Guid planId;
    private PlanSharingService Sharing => portal.Services.GetRequiredService<PlanSharingService>();
    private PlanOverviewService Overview => portal.Services.GetRequiredService<PlanOverviewService>();

    public async Task InitializeAsync()
    {
        sam = await portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        bea = await portal.CreateUserAsync("bea@hub.example.org", Password, "Bea Team", agency: "Family Hub");
        ray = await portal.CreateUserAsync("ray@school.example.org", Password, "Ray Listed");
        pat = await portal.CreateUserAsync("pat@acme.example.org", Password, "Pat Jones", agency: "Acme Housing Association");
        stranger = await portal.CreateUserAsync("stranger@school.example.org", Password, "Stella Grant");
        var plan = PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-2));
        plan.RecordConsent(plan.Consent with
        {
            DoNotShareWith = [new(DoNotShareKind.Person, "Ray Listed", UserId: ray.Id), new(DoNotShareKind.Organisation, "Acme Housing", Note: "housing dispute")],
        }, plan.Practitioner, DateOnly.FromDateTime(DateTime.UtcNow));
        planId = await portal.AddAsync(plan);
        Assert.True((await Sharing.AttachAsync(planId, As(sam), bea.Id)).Succeeded);
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private static ClaimsPrincipal As(ApplicationUser user) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.Email!)], "test"));

    private async Task<List<AuditEntry>> AuditAsync(string action)
    {
        await using var db = await portal.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(a => a.Action == action && a.TargetId == planId.ToString()).ToListAsync();
    }

    [Fact]
    public async Task The_attach_dialog_is_told_before_save_who_is_refused_and_who_needs_the_coordinators_reason_and_a_stranger_learns_nothing()
    {
        var listed = await Sharing.CheckAsync(planId, As(sam), ray.Id);
        Assert.Equal("The family asked that this plan is not shared with Ray Listed. They cannot be added to it.", listed.Refused);

        var fromAcme = await Sharing.CheckAsync(planId, As(sam), pat.Id);
        Assert.Null(fromAcme.Refused);
        Assert.Contains("Acme Housing (organisation): housing dispute", fromAcme.NeedsConfirmation);
        Assert.Contains("Pat Jones (Acme Housing Association)", fromAcme.NeedsConfirmation);
        Assert.True(fromAcme.ActorCanConfirm);
        Assert.False((await Sharing.CheckAsync(planId, As(bea), pat.Id)).ActorCanConfirm); // a team member

        Assert.Equal(new SharingAdvice(null, null, true), await Sharing.CheckAsync(planId, As(sam), stranger.Id));
        Assert.Equal(PlanStore.NotFound, (await Sharing.CheckAsync(planId, As(stranger), pat.Id)).Refused); // not even whether the plan exists
    }

    [Fact]
    public async Task A_listed_person_is_refused_and_a_listed_organisations_practitioner_is_added_only_with_a_reason_that_is_audited_and_shown()
    {
        var refused = await Sharing.AttachAsync(planId, As(sam), ray.Id);
        Assert.Equal("The family asked that this plan is not shared with Ray Listed. They cannot be added to it.", refused.Problem);
        Assert.Contains("cannot be added", (await Sharing.RequestTransferAsync(planId, As(sam), ray.Id, TransferMode.HandOver, null, "any reason")).Problem);
        Assert.Contains("Ask the plan's coordinator", (await Sharing.AttachAsync(planId, As(bea), pat.Id, "Needed")).Problem);
        Assert.Contains("Give the reason", (await Sharing.AttachAsync(planId, As(sam), pat.Id)).Problem);
        Assert.Null(await Overview.OpenAsync(planId, As(pat)));

        Assert.True((await Sharing.AttachAsync(planId, As(sam), pat.Id, "Mum agreed at the meeting to the tenancy officer")).Succeeded);

        var asPat = await Overview.OpenAsync(planId, As(pat));
        Assert.NotNull(asPat);
        var shown = Assert.Single(asPat.Plan.SharingOverrides);
        Assert.Equal(("Pat Jones", "Mum agreed at the meeting to the tenancy officer", sam.Id), (shown.UserName, shown.Reason, shown.ConfirmedByUserId));
        var audited = Assert.Single(await AuditAsync(SharingActions.WishOverridden));
        Assert.Equal(sam.Id, audited.ActorUserId);
        Assert.Equal("Added Pat Jones although the family asked not to share with Acme Housing: Mum agreed at the meeting to the tenancy officer", audited.Summary);
        Assert.Single(await AuditAsync(SharingActions.Attached), a => a.Details == pat.Email);
    }

    [Fact]
    public async Task A_list_typed_before_it_was_structured_is_read_as_entries_of_either_kind_and_still_enforced()
    {
        await using (var db = await portal.CreateDbContextAsync())
        {
            var record = await db.Plans.SingleAsync(p => p.Id == planId);
            var legacy = System.Text.Json.Nodes.JsonNode.Parse(record.StateJson)!;
            var consent = legacy["Consent"]!.AsObject();
            consent.Remove("DoNotShareWith");
            consent["NotSharedWith"] = new System.Text.Json.Nodes.JsonArray("Acme Housing", " ", "Uncle Ray");
            record.StateJson = legacy.ToJsonString();
            await db.SaveChangesAsync();
        }

        var overview = (await Overview.OpenAsync(planId, As(sam)))!;
        Assert.Equal([new DoNotShareEntry(DoNotShareKind.PersonOrOrganisation, "Acme Housing"), new DoNotShareEntry(DoNotShareKind.PersonOrOrganisation, "Uncle Ray")],
            overview.Plan.Consent.DoNotShareWith);
        Assert.NotNull((await Sharing.CheckAsync(planId, As(sam), pat.Id)).NeedsConfirmation); // "Acme Housing" may be an agency

        Assert.True((await Sharing.AttachAsync(planId, As(sam), stranger.Id)).Succeeded); // any change writes the new shape
        await using (var db = await portal.CreateDbContextAsync())
        {
            var json = (await db.Plans.AsNoTracking().SingleAsync(p => p.Id == planId)).StateJson;
            Assert.DoesNotContain("NotSharedWith", json);
            Assert.Contains("Uncle Ray", json);
        }
    }

    [Fact]
    public async Task Consent_withdrawn_is_recorded_by_someone_on_the_plan_audited_and_stops_new_sharing()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(PlanStore.NotFound, (await Sharing.WithdrawConsentAsync(planId, As(stranger), today, null)).Problem);
        Assert.True((await Sharing.RequestTransferAsync(planId, As(sam), stranger.Id, TransferMode.HandOver, null)).Succeeded);

        Assert.True((await Sharing.WithdrawConsentAsync(planId, As(bea), today, "Dad rang the hub")).Succeeded);

        var overview = (await Overview.OpenAsync(planId, As(sam)))!;
        Assert.Equal((today, bea.Id, "Dad rang the hub"), (overview.Plan.ConsentWithdrawn!.WithdrawnOn, overview.Plan.ConsentWithdrawn.RecordedByUserId, overview.Plan.ConsentWithdrawn.Note));
        Assert.Null(overview.Plan.PendingTransfer);
        Assert.Empty(await Sharing.WaitingForAsync(stranger.Id));
        Assert.StartsWith("The family withdrew their consent", (await Sharing.AttachAsync(planId, As(sam), stranger.Id)).Problem);
        Assert.StartsWith("The family withdrew their consent", (await Sharing.CheckAsync(planId, As(sam), stranger.Id)).Refused);
        Assert.Single(await AuditAsync(SharingActions.ConsentWithdrawn), a => a.ActorUserId == bea.Id);
        Assert.Single(await AuditAsync(SharingActions.TransferWithdrawn), a => a.Details == "the family withdrew consent");
    }

    [Fact]
    public async Task Consent_withdrawn_at_a_review_is_recorded_on_the_meetings_date_with_the_review_number_in_the_same_save()
    {
        var reviews = portal.Services.GetRequiredService<FspPortal.Web.Features.Reviews.ReviewService>();
        var session = (await reviews.OpenAsync(planId, bea.Id))!;
        foreach (var line in session.Form.Lines) line.Progress = FspPortal.Web.Features.Reviews.ReviewLineForm.Done;
        foreach (var need in session.Form.Needs) need.Progress = FspPortal.Web.Features.Outcomes.NeedProgressForm.NoChange;
        session.Form.ReviewDate = DateTime.Today.AddDays(30).ToString("dd/MM/yyyy");
        session.Form.ConsentWithdrawn = true;
        session.Form.ConsentWithdrawnNote = new string('x', TextLimits.Long + 1);
        var tooLong = await reviews.SaveAsync(planId, As(bea), session.Form);
        Assert.False(tooLong.Succeeded);
        Assert.Contains(tooLong.Errors, e => e.Field == "ConsentWithdrawnNote");
        Assert.Null((await Overview.OpenAsync(planId, As(sam)))!.Plan.ConsentWithdrawn);

        session.Form.ConsentWithdrawnNote = "Mum said so at the meeting";
        var saved = await reviews.SaveAsync(planId, As(bea), session.Form);
        Assert.True(saved.Succeeded, saved.Problem);

        var plan = (await Overview.OpenAsync(planId, As(sam)))!.Plan;
        var review = Assert.Single(plan.Reviews);
        Assert.Equal(new ConsentWithdrawal(review.MeetingDate, bea.Id, plan.ConsentWithdrawn!.RecordedUtc, "Mum said so at the meeting", AtReview: 1), plan.ConsentWithdrawn);
        Assert.Single(await AuditAsync(SharingActions.ConsentWithdrawn), a => a.Summary!.EndsWith("(at review 1)"));
        Assert.StartsWith("The family withdrew their consent", (await Sharing.AttachAsync(planId, As(sam), stranger.Id)).Problem);
    }

    [Fact]
    public async Task Changing_the_list_on_step_1_of_a_finished_plan_is_audited_with_counts_and_listing_someone_on_the_plan_is_refused_next_to_nothing_lost()
    {
        var wizard = portal.Services.GetRequiredService<PlanWizardService>();
        var step = WizardSteps.All[0];
        var form = (ConsentStep)PlanWizardService.ReadStep((await wizard.LoadAsync(planId, sam.Id))!, step, await wizard.ContextAsync());
        Assert.Equal(2, form.DoNotShare.Count);
        Assert.Equal(ray.Id, form.DoNotShare[0].UserId);

        form.DoNotShare.Add(new DoNotShareForm { Kind = DoNotShareForm.Person, Name = "Bea Team", UserId = bea.Id });
        var refused = await wizard.SaveStepAsync(planId, sam.Id, step, form);
        Assert.False(refused.Succeeded);
        Assert.Contains("Bea Team is on this plan", refused.Problem);

        form.DoNotShare.RemoveAt(2);
        form.DoNotShare.RemoveAt(0);
        form.DoNotShare.Add(new DoNotShareForm { Kind = DoNotShareForm.Organisation, Name = "housing" }); // as the agencies list names it
        Assert.True((await wizard.SaveStepAsync(planId, sam.Id, step, form)).Succeeded);

        var saved = (await Overview.OpenAsync(planId, As(sam)))!.Plan.Consent.DoNotShareWith;
        Assert.Equal(["Acme Housing", "housing"], saved.Select(e => e.Name));
        Assert.Equal("housing", saved[1].AgencyCode);
        var changed = Assert.Single(await AuditAsync(SharingActions.DoNotShareListChanged));
        Assert.Equal("1 added, 1 removed, 2 listed", changed.Details);
        Assert.DoesNotContain("Ray", changed.Summary);
    }
}
