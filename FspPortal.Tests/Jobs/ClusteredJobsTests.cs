using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace FspPortal.Tests.Jobs;

/// <summary>
/// Two servers on one PostgreSQL database are one clustered Quartz scheduler: "Run now" pressed on both at once, and the
/// nightly schedule that both see, number every plan exactly once with no gap, each firing with one run record.
/// (A server killed in the middle of a job is in <see cref="Web.TwoInstancesTests"/>: that needs real processes.)
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSQL")]
public sealed class ClusteredJobsTests
{
    private const string Password = "tangerine bicycle under moonlight";

    /// <summary>Two servers with their schedulers running, on one database; the second is told the first's connection string.</summary>
    private static async Task<(PortalFactory First, PortalFactory Second)> TwoServersAsync(FakeTimeProvider? clock = null)
    {
        var first = new PortalFactory(clock: clock, settings: new Dictionary<string, string?> { ["Jobs:Enabled"] = "true" });
        var second = new PortalFactory(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSQL", ["ConnectionStrings:Portal"] = first.ConnectionString, ["Jobs:Enabled"] = "true",
        });
        try
        {
            foreach (var server in new[] { first, second })
            {
                var scheduler = await server.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
                await Eventually.TrueAsync(async () => await scheduler.GetStatus() == SchedulerStatus.Running && await scheduler.GetTrigger(
                    new TriggerKey(NumberingJob.JobKey.Name + " schedule", NumberingJob.JobKey.Group)) is not null, "the scheduler to start with its schedule");
                Assert.True(scheduler.SchedulerInstanceId.Length > 0 && (await scheduler.GetMetadata()).JobStoreClustered);
            }
            return (first, second);
        }
        catch
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
            throw;
        }
    }

    private static async Task<List<(Guid Id, string? Reference, DateTime? Completed)>> PlansAsync(PortalFactory server)
    {
        await using var db = await server.CreateDbContextAsync();
        return (await db.Plans.AsNoTracking().Select(p => new { p.Id, p.Reference, p.CompletedUtc }).ToListAsync())
            .Select(p => (p.Id, p.Reference, p.CompletedUtc)).ToList();
    }

    private static async Task<List<JobRun>> RunsAsync(PortalFactory server)
    {
        await using var db = await server.CreateDbContextAsync();
        return await db.JobRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    /// <summary>Every plan has a reference, FSP-000001 upwards with no gap or repeat, in order of completion.</summary>
    private static void NumberedOnceInOrder(List<(Guid Id, string? Reference, DateTime? Completed)> plans)
    {
        var expected = Enumerable.Range(1, plans.Count).Select(n => $"FSP-{n:000000}").ToList();
        Assert.Equal(expected, plans.OrderBy(p => p.Completed).Select(p => p.Reference ?? "(none)").ToList());
    }

    [PostgreSqlFact]
    public async Task Run_now_pressed_on_both_servers_at_once_numbers_every_plan_once_with_one_record_per_run()
    {
        var (first, second) = await TwoServersAsync();
        await using (first)
        await using (second)
        {
            var sam = await first.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
            for (var i = 0; i < 40; i++) await first.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-40 + i)));

            await Task.WhenAll(
                Task.Run(() => first.Services.GetRequiredService<JobControl>().RunNowAsync(NumberingJob.JobKey, "ada@council.example.org")),
                Task.Run(() => second.Services.GetRequiredService<JobControl>().RunNowAsync(NumberingJob.JobKey, "abe@council.example.org")));

            await Eventually.TrueAsync(async () => (await RunsAsync(first)).Count(r => r.FinishedUtc != null) == 2, "both runs to finish", timeoutSeconds: 60);
            var runs = await RunsAsync(first);
            Assert.Equal(["Run now by abe@council.example.org", "Run now by ada@council.example.org"], runs.Select(r => r.TriggeredBy).Order());
            Assert.All(runs, r => Assert.True(r.Succeeded));
            // The runs never overlap across servers: one numbered all forty, the other found none waiting.
            Assert.Equal(["40 plans numbered (FSP-000001 to FSP-000040).", "No plans were waiting for a reference."], runs.Select(r => r.Summary));
            NumberedOnceInOrder(await PlansAsync(first));
        }
    }

    [PostgreSqlFact]
    public async Task The_nightly_schedule_both_servers_see_fires_once()
    {
        // Both servers' clock (their app's and their scheduler's): a minute before 01:00 in the UK, in winter (UTC).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 0, 59, 0, TimeSpan.Zero));
        var (first, second) = await TwoServersAsync(clock);
        await using (first)
        await using (second)
        {
            var sam = await first.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
            for (var i = 0; i < 25; i++) await first.AddAsync(PlanSeeder.Completed(sam.Id, clock.GetUtcNow().UtcDateTime.AddDays(-30 + i)));

            // Time passes on both, a second at a time, to just past 01:00: each scheduler sees the night's trigger come due.
            while (clock.GetUtcNow() < new DateTimeOffset(2026, 12, 2, 1, 0, 5, TimeSpan.Zero))
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(20);
            }
            await Eventually.TrueAsync(async () => (await RunsAsync(first)).Any(r => r.FinishedUtc != null), "the night's numbering to run", timeoutSeconds: 60);
            // A second firing, had both servers fired, would have started by now: both had the trigger in hand at 01:00.
            await Task.Delay(TimeSpan.FromSeconds(2));

            var run = Assert.Single(await RunsAsync(first));
            Assert.Equal(("Schedule", true, "25 plans numbered (FSP-000001 to FSP-000025)."), (run.TriggeredBy, run.Succeeded, run.Summary));
            NumberedOnceInOrder(await PlansAsync(first));
        }
    }
}
