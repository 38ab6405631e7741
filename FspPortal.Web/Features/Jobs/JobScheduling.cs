using System.Security.Cryptography;
using System.Text;
using FspPortal.Web.Data;
using Microsoft.Extensions.Options;
using Quartz;

namespace FspPortal.Web.Features.Jobs;

public sealed record JobInfo(JobKey Key, string Description, string Cron, DateTimeOffset? NextRunUtc)
{
    /// <summary>"Every night at 01:00" for the usual daily cron (seconds minutes hours * * ?); the cron itself otherwise.</summary>
    public string Schedule => Cron.Split(' ') is [var s, var m, var h, "*", "*", "?"] && int.TryParse(s, out var sec) && sec == 0
        && int.TryParse(m, out var minute) && int.TryParse(h, out var hour)
        ? $"Every night at {hour:00}:{minute:00}" : Cron;
}

/// <summary>
/// Quartz in the web app, its jobs and triggers in the app's own database (the ADO store, schema created if missing),
/// so a run missed while the portal was down fires once when it is back. Schedules come from settings; a changed
/// setting replaces the stored trigger at the next start, an unchanged one is left alone (keeping its missed run).
/// </summary>
public static class JobScheduling
{
    /// <summary>A scheduled job: its key, class, what it does (shown to admins) and which setting holds its schedule.</summary>
    public sealed record Definition(JobKey Key, Type JobType, string Description, Func<JobOptions, string> Cron);

    public static readonly IReadOnlyList<Definition> Jobs =
    [
        new(NumberingJob.JobKey, typeof(NumberingJob), "Gives every finished plan without a reference the next one, in order of completion.", o => o.NumberingCron),
        new(ReviewSweepJob.JobKey, typeof(ReviewSweepJob), "Emails coordinators about reviews 6 and 12 weeks outstanding or due soon, and transfer recipients about waiting transfers; refreshes open dashboards.",
            o => o.ReviewSweepCron),
        new(RetentionJob.JobKey, typeof(RetentionJob), "Anonymises the plans whose retention period has ended (not those under a legal hold): names, dates of birth, addresses, text and documents go; the statistics stay.",
            o => o.RetentionCron),
    ];

    public static IServiceCollection AddFspJobs(this IServiceCollection services, IConfiguration configuration, StorageOptions storage,
        string connectionString, string dataDirectory)
    {
        services.Configure<JobOptions>(configuration.GetSection(JobOptions.Section));
        services.AddSingleton<PortalAddress>();
        services.AddSingleton<JobHistory>();
        services.AddSingleton<ReferenceNumbering>();
        services.AddSingleton<ReviewSweep>();
        services.AddTransient<NumberingJob>();
        services.AddTransient<ReviewSweepJob>();
        services.AddTransient<RetentionJob>();
        services.AddSingleton<JobControl>();
        var options = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        if (!options.Enabled) return services;

        services.AddQuartz(q =>
        {
            q.UseDefaultThreadPool(pool => pool.MaxConcurrency = 2);
            if (storage.IsPostgreSql)
            {
                // Every server on the database is one clustered scheduler: each firing runs on one of them, and a job
                // whose server died is recovered by another.
                q.ConfigureScheduler(scheduler =>
                {
                    scheduler.InstanceName = "FspPortal";
                    scheduler.InstanceId = "AUTO";
                });
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(connectionString);
                    store.UseClustering(cluster =>
                    {
                        // A server that stops checking in is taken as dead after about twice this, and its jobs re-run elsewhere.
                        cluster.CheckinInterval = TimeSpan.FromSeconds(options.ClusterCheckinSeconds);
                        cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(options.ClusterCheckinSeconds);
                    });
                    store.ProvisionSchema();
                });
                return;
            }
            // One name per data folder: stable across restarts (the stored triggers are found again), distinct for two
            // portals in one process (the tests run several).
            q.ConfigureScheduler(scheduler => scheduler.InstanceName = "FspPortal-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..12]);
            q.UsePersistentStore(store =>
            {
                store.UseSqlite(connectionString);
                store.ProvisionSchema();
            });
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddHostedService<JobScheduleSetup>();
        return services;
    }

    /// <summary>The job's schedule, starting from now on <paramref name="clock"/> (the scheduler's clock, which a test may set).</summary>
    public static ITrigger TriggerFor(JobKey job, string cron, TimeZoneInfo zone, TimeProvider? clock = null) => TriggerBuilder.Create(clock ?? TimeProvider.System)
        .WithIdentity(job.Name + " schedule", job.Group)
        .ForJob(job)
        .WithCronSchedule(cron, schedule => schedule.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
        .Build();

    public static string CronFor(JobKey job, JobOptions options) => Jobs.Single(j => j.Key.Equals(job)).Cron(options);
}

/// <summary>Stores the jobs and makes their triggers match the settings, once Quartz has started.</summary>
internal sealed class JobScheduleSetup(ISchedulerFactory schedulers, IOptions<JobOptions> options, ILogger<JobScheduleSetup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        foreach (var (key, type, description, _) in JobScheduling.Jobs)
        {
            await scheduler.AddJob(JobBuilder.Create().OfType(type).WithIdentity(key).WithDescription(description).StoreDurably()
                // A run cut short by a crash is run again: by another server at once (clustered), or at the next start.
                .RequestRecovery().Build(), AddJobOptions.Replacing, cancellationToken);
            var cron = JobScheduling.CronFor(key, options.Value);
            var wanted = JobScheduling.TriggerFor(key, cron, zone, scheduler.TimeProvider);
            if (await scheduler.GetTrigger(wanted.Key, cancellationToken) is ICronTrigger existing)
            {
                if (existing.CronExpressionString == cron && existing.TimeZone.Id == zone.Id) continue; // keeps a missed run to catch up
                await scheduler.ScheduleTrigger(wanted, TriggerConflict.Replace, cancellationToken);
                logger.LogInformation("Job {Job} now runs on {Cron} ({Zone})", key.Name, cron, zone.Id);
            }
            else await scheduler.ScheduleTrigger(wanted, TriggerConflict.Keep, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>What the admins' Jobs page needs: the jobs with their next run, and "Run now" (through Quartz, like the schedule).</summary>
public sealed class JobControl(IServiceProvider services, IOptions<JobOptions> options)
{
    public bool Enabled => options.Value.Enabled;

    public async Task<IReadOnlyList<JobInfo>> JobsAsync()
    {
        var scheduler = services.GetService<ISchedulerFactory>() is { } factory ? await factory.GetScheduler() : null;
        var list = new List<JobInfo>();
        foreach (var (key, _, description, _) in JobScheduling.Jobs)
        {
            var trigger = scheduler is null ? null : await scheduler.GetTrigger(JobScheduling.TriggerFor(key, JobScheduling.CronFor(key, options.Value), TimeZoneInfo.Utc).Key);
            var next = trigger?.NextFireTimeUtc;
            list.Add(new JobInfo(key, description, JobScheduling.CronFor(key, options.Value), next));
        }
        return list;
    }

    /// <summary>Starts the job now (it waits if a run is already going: runs never overlap).</summary>
    public async Task<bool> RunNowAsync(JobKey key, string requestedBy)
    {
        if (services.GetService<ISchedulerFactory>() is not { } factory) return false;
        var scheduler = await factory.GetScheduler();
        await scheduler.TriggerJob(key, new JobDataMap { [PortalJob.RequestedBy] = requestedBy });
        return true;
    }
}
