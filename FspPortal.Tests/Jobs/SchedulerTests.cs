using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace FspPortal.Tests.Jobs;

/// <summary>Quartz starts with the app, keeps its jobs in the portal's database, and runs them (through Quartz, not by calling the class).</summary>
[Trait("Category", "Integration")]
public sealed class SchedulerTests
{
    private const string Password = "tangerine bicycle under moonlight";

    private static async Task<IScheduler> SchedulerAsync(PortalFactory portal) =>
        await portal.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    private static async Task<JobRun> FinishedRunAsync(PortalFactory portal, string jobName)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var db = await portal.CreateDbContextAsync())
                if (await db.JobRuns.Where(r => r.JobName == jobName && r.FinishedUtc != null).OrderByDescending(r => r.Id).FirstOrDefaultAsync() is { } run)
                    return run;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{jobName} did not finish within 30 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task The_scheduler_starts_with_the_app_with_both_jobs_on_their_UK_night_schedules_in_the_database()
    {
        await using var portal = new PortalFactory();
        _ = portal.Server; // start the host (and its hosted services)
        var scheduler = await SchedulerAsync(portal);

        // Quartz's hosted service starts the scheduler in the background as the host starts.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await scheduler.GetStatus() != SchedulerStatus.Running && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(SchedulerStatus.Running, await scheduler.GetStatus());
        foreach (var (key, cron) in new[] { (NumberingJob.JobKey, "0 0 1 * * ?"), (ReviewSweepJob.JobKey, "0 15 1 * * ?") })
        {
            Assert.NotNull(await scheduler.GetJobDetail(key));
            var trigger = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey(key.Name + " schedule", key.Group)));
            Assert.Equal(cron, trigger.CronExpressionString);
            Assert.Equal("Europe/London", trigger.TimeZone.Id);
            Assert.Equal(CronTriggerMisfireInstruction.FireAndProceed, trigger.MisfireInstruction); // a night missed while down runs once at start
            Assert.NotNull(trigger.NextFireTimeUtc);
        }
        await using var db = await portal.CreateDbContextAsync();
        var quartzTables = await TestDatabase.TableNamesAsync(db);
        Assert.Contains(quartzTables, t => t.Equals("QRTZ_CRON_TRIGGERS", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Run_now_goes_through_Quartz_and_the_run_is_recorded_with_what_it_did()
    {
        await using var portal = new PortalFactory();
        var sam = await portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-1)));

        Assert.True(await portal.Services.GetRequiredService<JobControl>().RunNowAsync(NumberingJob.JobKey, "ada@council.example.org"));

        var run = await FinishedRunAsync(portal, NumberingJob.JobKey.Name);
        Assert.True(run.Succeeded);
        Assert.Equal("1 plan numbered (FSP-000001 to FSP-000001).", run.Summary);
        Assert.Equal("Run now by ada@council.example.org", run.TriggeredBy);
        await using var db = await portal.CreateDbContextAsync();
        Assert.Equal("FSP-000001", (await db.Plans.SingleAsync(p => p.Id == planId)).Reference);

        await portal.Services.GetRequiredService<JobControl>().RunNowAsync(ReviewSweepJob.JobKey, "ada@council.example.org");
        Assert.StartsWith("New crossings: 0 at 6 weeks", (await FinishedRunAsync(portal, ReviewSweepJob.JobKey.Name)).Summary);
    }

    [Fact]
    public async Task A_failed_run_is_recorded_with_its_error()
    {
        await using var portal = new PortalFactory();
        var history = portal.Services.GetRequiredService<JobHistory>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => history.RecordAsync("Nightly numbering", "Schedule",
            _ => throw new InvalidOperationException("The database is read-only"), CancellationToken.None));

        var run = Assert.Single(await history.LatestAsync());
        Assert.Equal((false, "InvalidOperationException: The database is read-only"), (run.Succeeded, run.Error));
        Assert.NotNull(run.FinishedUtc);
    }

    [Fact]
    public async Task A_changed_schedule_setting_replaces_the_stored_trigger_at_the_next_start()
    {
        var data = Path.Combine(Path.GetTempPath(), "fsp-tests", Guid.NewGuid().ToString("N"));
        var first = new PortalFactory(dataDirectory: data);
        _ = first.Server;
        Assert.Equal("0 0 1 * * ?", await CronAsync(first));
        await first.StopKeepingDataAsync();

        await using var second = new PortalFactory(dataDirectory: data, settings: new Dictionary<string, string?> { ["Jobs:NumberingCron"] = "0 30 2 * * ?" });
        _ = second.Server;
        Assert.Equal("0 30 2 * * ?", await CronAsync(second));

        static async Task<string> CronAsync(PortalFactory portal) =>
            ((ICronTrigger)(await (await SchedulerAsync(portal)).GetTrigger(new TriggerKey(NumberingJob.JobKey.Name + " schedule", NumberingJob.JobKey.Group)))!).CronExpressionString!;
    }
}
