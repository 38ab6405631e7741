using FspPortal.Domain.Plans;
using FspPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Plans;

/// <summary>
/// Keeps every plan's search terms and derived columns written by the current rules: on start, plans stored before the
/// rules changed (or before a column was added) are stored again, a batch at a time, found by the indexed version. New and changed plans get theirs as they are stored.
/// </summary>
public static class PlanSearchIndex
{
    public static async Task<int> RebuildStaleAsync(IDbContextFactory<FspDbContext> dbFactory, ILogger logger, CancellationToken cancellationToken = default)
    {
        var rebuilt = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var batch = await db.Plans.Include(p => p.Members).Include(p => p.SearchTerms).Include(p => p.Needs).AsSplitQuery().Where(p => p.SearchTermsVersion < PlanSearchTerms.Version)
                .OrderBy(p => p.Id).Take(500).ToListAsync(cancellationToken);
            if (batch.Count == 0) break;
            // Stored again whole (its version unchanged): the terms, every derived column, and the state in today's shape.
            foreach (var record in batch) record.Store(record.ToPlan(), record.UpdatedUtc);
            await db.SaveChangesAsync(cancellationToken);
            rebuilt += batch.Count;
        }
        if (rebuilt > 0) logger.LogInformation("Search terms rebuilt for {Plans} plans", rebuilt);
        return rebuilt;
    }
}
