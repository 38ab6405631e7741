using Quartz;

namespace FspPortal.Web.Features.Jobs;

/// <summary>The portal's scheduled jobs: each records its runs (<see cref="JobHistory"/>); a failure is recorded and the next schedule runs as usual.</summary>
public abstract class PortalJob(JobHistory history) : IJob
{
    /// <summary>Job data key: who pressed "Run now" (absent for the schedule).</summary>
    public const string RequestedBy = "requested-by";

    public abstract JobKey Key { get; }
    protected abstract Task<string> RunAsync(CancellationToken cancellationToken);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var by = context.MergedJobDataMap.TryGetString(RequestedBy, out var who) && !string.IsNullOrEmpty(who) ? $"Run now by {who}" : "Schedule";
        try
        {
            await history.RecordAsync(Key.Name, by, RunAsync, cancellationToken, recovering: context.Recovering);
        }
        catch (Exception ex) when (ex is not JobExecutionException)
        {
            throw new JobExecutionException(ex); // recorded above; the next schedule runs as usual
        }
    }
}

[DisallowConcurrentExecution]
public sealed class NumberingJob(JobHistory history, ReferenceNumbering numbering) : PortalJob(history)
{
    public static readonly JobKey JobKey = new("Nightly numbering", "fsp");
    public override JobKey Key => JobKey;
    protected override async Task<string> RunAsync(CancellationToken cancellationToken) => (await numbering.NumberAsync(cancellationToken)).Summary;
}

[DisallowConcurrentExecution]
public sealed class ReviewSweepJob(JobHistory history, ReviewSweep sweep) : PortalJob(history)
{
    public static readonly JobKey JobKey = new("Review sweep", "fsp");
    public override JobKey Key => JobKey;
    protected override async Task<string> RunAsync(CancellationToken cancellationToken) => (await sweep.SweepAsync(cancellationToken)).Summary;
}

[DisallowConcurrentExecution]
public sealed class RetentionJob(JobHistory history, Retention.RetentionService retention) : PortalJob(history)
{
    public static readonly JobKey JobKey = new("Retention", "fsp");
    public override JobKey Key => JobKey;
    protected override async Task<string> RunAsync(CancellationToken cancellationToken) => (await retention.RunAsync(cancellationToken)).Summary;
}
