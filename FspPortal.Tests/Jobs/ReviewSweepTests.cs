using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Jobs;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FspPortal.Tests.Jobs;

/// <summary>The review sweep with a fake clock over a real SQLite file and the local outbox.</summary>
[Trait("Category", "Integration")]
public sealed class ReviewSweepTests : IAsyncLifetime
{
    private const string Password = "tangerine bicycle under moonlight";
    private static readonly DateTime Completed = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(Completed));
    private readonly PortalFactory portal;
    private string sam = "";

    public ReviewSweepTests() => portal = new PortalFactory(clock: clock);

    private ReviewSweep Sweep => portal.Services.GetRequiredService<ReviewSweep>();

    public async Task InitializeAsync() => sam = (await portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes")).Id;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    /// <summary>A completed plan whose next review is far away (so "due soon" stays out of the way).</summary>
    private async Task<Guid> AddPlanAsync(string coordinator, Action<Plan>? change = null)
    {
        var plan = PlanSeeder.Completed(coordinator, Completed);
        plan.SetFinishDetails("Smith", new NextReview(new DateOnly(2027, 6, 1), null, null));
        change?.Invoke(plan);
        return await portal.AddAsync(plan, reference: null);
    }

    private IReadOnlyList<FspPortal.Web.Email.OutboxEmail> EmailsTo(string email) => portal.Outbox.ReadAll(email);

    [Fact]
    public async Task Coordinators_are_emailed_at_6_and_at_12_weeks_once_each_and_open_dashboards_hear_of_it()
    {
        var planId = await AddPlanAsync(sam);
        var heard = new List<PlanChange>();
        using var _ = portal.Services.GetRequiredService<IPlanNotifier>().Subscribe(sam, c => { lock (heard) heard.Add(c); return Task.CompletedTask; });

        clock.SetUtcNow(Completed.AddDays(42).AddMinutes(-1));
        Assert.Equal(new SweepResult(0, 0, 0, 0, 0), await Sweep.SweepAsync());

        clock.SetUtcNow(Completed.AddDays(42));
        Assert.Equal(new SweepResult(1, 0, 0, 0, 1), await Sweep.SweepAsync());
        var six = Assert.Single(EmailsTo("sam@school.example.org"));
        Assert.Equal("Family Support Plan reviews that need you", six.Subject);
        Assert.Contains("outstanding for 6 weeks or more", six.TextBody);
        Assert.Contains($"/plans/{planId}", six.TextBody);
        Assert.DoesNotContain("Owen", six.TextBody); // no child's name in an email
        await Eventually.TrueAsync(() => { lock (heard) return heard.Count >= 1; }, "Sam's open dashboard to hear of it");
        lock (heard) Assert.Equal([new PlanChange(planId, PlanChangeKind.Review)], heard);

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(new SweepResult(0, 0, 0, 0, 0), await Sweep.SweepAsync()); // the next night: nothing new
        Assert.Single(EmailsTo("sam@school.example.org"));

        clock.SetUtcNow(Completed.AddDays(84));
        Assert.Equal(new SweepResult(0, 1, 0, 0, 1), await Sweep.SweepAsync());
        clock.Advance(TimeSpan.FromDays(3));
        await Sweep.SweepAsync();
        var emails = EmailsTo("sam@school.example.org");
        Assert.Equal(2, emails.Count);
        Assert.Contains("outstanding for 12 weeks or more", emails[0].TextBody);
    }

    [Fact]
    public async Task A_review_restarts_the_count_and_closed_plans_are_never_swept()
    {
        await AddPlanAsync(sam, plan => plan.Close(sam, "needs-met", null, ["needs-met"], Completed.AddDays(1), FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan)));
        var reviewed = await AddPlanAsync(sam);
        clock.SetUtcNow(Completed.AddDays(43));
        Assert.Equal(1, (await Sweep.SweepAsync()).SixWeeks); // the open plan only
        Assert.Single(EmailsTo("sam@school.example.org"));
        // A review on day 50 starts the clock again: 6 weeks after it, a new crossing and a new email.
        await using (var db = await portal.CreateDbContextAsync())
            await db.Plans.Where(p => p.Id == reviewed).ExecuteUpdateAsync(s => s.SetProperty(p => p.ReviewClockStartUtc, Completed.AddDays(50)));
        clock.SetUtcNow(Completed.AddDays(91));
        Assert.Equal(0, (await Sweep.SweepAsync()).SixWeeks);
        clock.SetUtcNow(Completed.AddDays(92));
        var result = await Sweep.SweepAsync();
        Assert.Equal((1, 0), (result.SixWeeks, result.TwelveWeeks)); // the closed plan, 13 weeks old, is never counted
        Assert.Equal(2, EmailsTo("sam@school.example.org").Count);
    }

    [Fact]
    public async Task A_review_due_within_7_days_is_reminded_once()
    {
        clock.SetUtcNow(new DateTime(2026, 3, 20, 1, 15, 0, DateTimeKind.Utc));
        var planId = await AddPlanAsync(sam, plan => plan.SetFinishDetails("Smith", new NextReview(new DateOnly(2026, 3, 30), new TimeOnly(10, 0), "School")));
        Assert.Equal(0, (await Sweep.SweepAsync()).DueSoon); // 10 days away
        clock.SetUtcNow(new DateTime(2026, 3, 23, 1, 15, 0, DateTimeKind.Utc));
        Assert.Equal(1, (await Sweep.SweepAsync()).DueSoon);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await Sweep.SweepAsync()).DueSoon);
        var email = Assert.Single(EmailsTo("sam@school.example.org"));
        Assert.Contains("is due on 30 March 2026", email.TextBody);
        Assert.Contains($"/plans/{planId}", email.TextBody);
    }

    [Fact]
    public async Task A_transfer_unanswered_for_5_days_reminds_its_recipient_once()
    {
        var bea = await portal.CreateUserAsync("bea@hub.example.org", Password, "Bea Next");
        clock.SetUtcNow(Completed.AddDays(2));
        await AddPlanAsync(sam, plan => plan.RequestTransfer(Guid.NewGuid(), sam, new SharingCandidate(bea.Id, bea.Id, "", true), TransferMode.HandOver, null, Completed.AddDays(2)));
        clock.SetUtcNow(Completed.AddDays(7).AddMinutes(-1));
        Assert.Equal(0, (await Sweep.SweepAsync()).TransfersWaiting);
        clock.SetUtcNow(Completed.AddDays(7));
        Assert.Equal(1, (await Sweep.SweepAsync()).TransfersWaiting);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await Sweep.SweepAsync()).TransfersWaiting);
        var reminder = Assert.Single(EmailsTo("bea@hub.example.org"));
        Assert.Equal("A transfer is waiting for your answer", reminder.Subject);
        Assert.DoesNotContain("Owen", reminder.TextBody);
    }

    [Fact]
    public async Task A_long_catch_up_is_one_email_listing_the_first_25_and_how_many_more()
    {
        for (var i = 0; i < 30; i++) await AddPlanAsync(sam);
        clock.SetUtcNow(Completed.AddDays(43));

        var result = await Sweep.SweepAsync();

        Assert.Equal((30, 1), (result.SixWeeks, result.Emails));
        var email = Assert.Single(EmailsTo("sam@school.example.org"));
        Assert.Equal(ReviewSweep.MostPerEmail, email.TextBody.Split('\n').Count(l => l.Contains("outstanding for 6 weeks")));
        Assert.Contains("And 5 more: the red tiles on Home list every plan whose review is outstanding.", email.TextBody);
    }

    [Fact]
    public async Task A_reminders_email_and_its_settling_commit_together_so_a_failed_run_neither_loses_nor_repeats_it()
    {
        await AddPlanAsync(sam);
        clock.SetUtcNow(Completed.AddDays(42));
        Func<Task> mend;
        await using (var db = await portal.CreateDbContextAsync()) // settling the reminders fails this run, after the emails were written
            mend = await TestDatabase.BreakWritesAsync(db, "ReviewReminders", "UPDATE", "disk full");

        await Assert.ThrowsAnyAsync<Exception>(() => Sweep.SweepAsync());

        Assert.Empty(EmailsTo("sam@school.example.org")); // the email went back with the failed settling
        await using (var db = await portal.CreateDbContextAsync())
            Assert.Null((await db.ReviewReminders.SingleAsync()).EmailedUtc);
        await mend();
        clock.Advance(TimeSpan.FromDays(1));
        var next = await Sweep.SweepAsync();
        Assert.Equal((0, 1), (next.SixWeeks, next.Emails));
        Assert.Contains("outstanding for 6 weeks or more", Assert.Single(EmailsTo("sam@school.example.org")).TextBody);
        await using var check = await portal.CreateDbContextAsync();
        Assert.NotNull((await check.ReviewReminders.SingleAsync()).EmailedUtc);
    }

    [Fact]
    public async Task The_6_month_check_is_reminded_once_on_its_day_and_never_for_a_plan_closed_without_progress()
    {
        var closedOn = Completed.AddDays(1); // 3 March 2026: the check falls due on 3 September
        var claimed = await AddPlanAsync(sam, plan => plan.Close(sam, "needs-met", null, ["needs-met"], closedOn, FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan)));
        await AddPlanAsync(sam, plan => plan.Close(sam, "needs-met", null, ["needs-met"], closedOn,
            FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan, ProgressAtClosure.No)));
        var queries = portal.Services.GetRequiredService<FspPortal.Web.Features.Plans.PlanQueries>();

        clock.SetUtcNow(new DateTime(2026, 9, 2, 0, 30, 0, DateTimeKind.Utc));
        Assert.Equal(0, (await Sweep.SweepAsync()).SustainedChecks);
        Assert.DoesNotContain(await queries.ReviewsDueAsync(sam, new DateOnly(2026, 9, 2)), d => d.SustainedCheck);

        clock.SetUtcNow(new DateTime(2026, 9, 3, 0, 30, 0, DateTimeKind.Utc));
        var result = await Sweep.SweepAsync();
        Assert.Equal((1, 1), (result.SustainedChecks, result.Emails)); // the plan closed with progress claimed, not the other
        var email = Assert.Single(EmailsTo("sam@school.example.org"));
        Assert.Equal("A 6-month check is due", email.Subject);
        Assert.Contains("record the 6-month check (was the progress sustained?)", email.TextBody);
        Assert.Contains($"/plans/{claimed}", email.TextBody);
        Assert.DoesNotContain("Owen", email.TextBody);
        var due = Assert.Single(await queries.ReviewsDueAsync(sam, new DateOnly(2026, 9, 3)), d => d.SustainedCheck);
        Assert.Equal((claimed, new DateOnly(2026, 9, 3)), (due.Id, due.Date));

        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await Sweep.SweepAsync()).SustainedChecks); // once
        Assert.Single(EmailsTo("sam@school.example.org"));

        // Recorded: the check leaves Home's list.
        var sustained = await portal.Services.GetRequiredService<FspPortal.Web.Features.Plans.PlanOverviewService>().RecordSustainedCheckAsync(claimed,
            new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, sam)], "test")),
            [new NeedSustained("education", true)], "Still attending");
        Assert.True(sustained.Succeeded, sustained.Problem);
        Assert.DoesNotContain(await queries.ReviewsDueAsync(sam, new DateOnly(2026, 9, 4)), d => d.SustainedCheck);
        clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, (await Sweep.SweepAsync()).SustainedChecks);
    }
}
