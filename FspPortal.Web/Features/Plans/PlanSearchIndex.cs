using FspPortal.Domain.Plans;
using FspPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Plans;

/// <summary>
/// Keeps every plan's search terms written by the current rules: on start, plans stored before the rules changed
/// (or before there were terms) get theirs rebuilt, a batch at a time. New and changed plans get theirs as they are stored.
/// </summary>
public static class PlanSearchIndex
{
    public static async Task<int> RebuildStaleAsync(IDbContextFactory<FspDbContext> dbFactory, ILogger logger, CancellationToken cancellationToken = default)
    {
        var rebuilt = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var batch = await db.Plans.Include(p => p.SearchTerms).Where(p => p.SearchTermsVersion < PlanSearchTerms.Version)
                .OrderBy(p => p.Id).Take(500).ToListAsync(cancellationToken);
            if (batch.Count == 0) break;
            foreach (var record in batch) record.StoreSearchTerms(record.ToPlan().ToState());
            await db.SaveChangesAsync(cancellationToken);
            rebuilt += batch.Count;
        }
        if (rebuilt > 0) logger.LogInformation("Search terms rebuilt for {Plans} plans", rebuilt);
        rebuilt += await RestoreRetentionColumnsAsync(dbFactory, logger, cancellationToken);
        return rebuilt;
    }

    /// <summary>
    /// Plans stored before the retention columns existed get them (a closed plan with no clock start, or a child's date of
    /// birth with no youngest child's): the whole record is stored again from its state, its version unchanged.
    /// </summary>
    private static async Task<int> RestoreRetentionColumnsAsync(IDbContextFactory<FspDbContext> dbFactory, ILogger logger, CancellationToken cancellationToken)
    {
        var restored = 0;
        var seen = new HashSet<Guid>(); // a plan whose state cannot give the columns is visited once, not for ever
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var batch = await db.Plans.Include(p => p.Members).Include(p => p.SearchTerms).AsSplitQuery()
                .Where(p => (p.Status == PlanStatus.Closed && p.RetentionStartsOn == null) || (p.ChildDateOfBirth != null && p.YoungestChildBirthDate == null))
                .OrderBy(p => p.Id).Take(500).ToListAsync(cancellationToken);
            if (batch.Count(p => seen.Add(p.Id)) == 0) break;
            foreach (var record in batch) record.Store(record.ToPlan(), record.UpdatedUtc);
            await db.SaveChangesAsync(cancellationToken);
            restored += batch.Count;
        }
        if (restored > 0) logger.LogInformation("Retention dates filled in for {Plans} plans stored before retention", restored);
        return restored;
    }
}
