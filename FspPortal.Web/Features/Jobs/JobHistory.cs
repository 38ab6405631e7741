using FspPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Jobs;

public sealed record JobRunView(long Id, string JobName, string TriggeredBy, DateTime StartedUtc, DateTime? FinishedUtc, bool? Succeeded, string? Summary, string? Error)
{
    public TimeSpan? Duration => FinishedUtc - StartedUtc;
}

/// <summary>Each run of a job, written as it starts and as it ends (what it did, or the error), for the admins' Jobs page.</summary>
public sealed class JobHistory(IDbContextFactory<FspDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Runs <paramref name="work"/> (which says what it did) and records it; an error is recorded and thrown on.</summary>
    /// <remarks>
    /// A <paramref name="recovering"/> run (Quartz re-running a firing whose server died) carries on that firing's record,
    /// the newest unfinished one of the job, so one firing keeps one record.
    /// </remarks>
    public async Task<string> RecordAsync(string jobName, string triggeredBy, Func<CancellationToken, Task<string>> work, CancellationToken cancellationToken,
        bool recovering = false)
    {
        JobRun? run = null;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (recovering && await db.JobRuns.Where(r => r.JobName == jobName && r.FinishedUtc == null).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken) is { } unfinished)
            {
                run = unfinished;
                run.TriggeredBy = Truncate(run.TriggeredBy + RecoveredNote, 200);
            }
            else
            {
                run = new JobRun { JobName = jobName, TriggeredBy = recovering ? triggeredBy + RecoveredNote : triggeredBy, StartedUtc = clock.GetUtcNow().UtcDateTime };
                db.JobRuns.Add(run);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        string? summary = null;
        Exception? error = null;
        try
        {
            summary = await work(cancellationToken);
            return summary;
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            // Recorded even when the work failed or the host is stopping.
            Extensions.PortalTelemetry.JobRan(jobName, error == null, clock.GetUtcNow().UtcDateTime - run.StartedUtc);
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.JobRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(set => set
                .SetProperty(r => r.FinishedUtc, clock.GetUtcNow().UtcDateTime)
                .SetProperty(r => r.Succeeded, error == null)
                .SetProperty(r => r.Summary, summary)
                .SetProperty(r => r.Error, error == null ? null : Truncate($"{error.GetType().Name}: {error.Message}", 4000)), CancellationToken.None);
        }
    }

    /// <summary>Added to "who started it" when a run was cut short (its server stopped) and run again.</summary>
    public const string RecoveredNote = " (run again after its server stopped)";

    public async Task<IReadOnlyList<JobRunView>> LatestAsync(int count = 50)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.JobRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(count)
            .Select(r => new JobRunView(r.Id, r.JobName, r.TriggeredBy, r.StartedUtc, r.FinishedUtc, r.Succeeded, r.Summary, r.Error)).ToListAsync();
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}

public static class JobAuditActions
{
    public const string RunNow = "Job.RunNow";
}
