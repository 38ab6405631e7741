using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FspPortal.Web.Data;

/// <summary>
/// The pre-release migrations (November 2026) were squashed into one initial migration, which a fresh install applies
/// in one transaction. A database made by a pre-release build that had applied all of them has exactly the initial
/// migration's schema, so its history is rewritten to say so; one that stopped part-way cannot be brought up to date.
/// </summary>
public static class SquashedMigrations
{
    /// <summary>The migrations the initial one replaced, oldest first.</summary>
    public static readonly IReadOnlyList<string> Replaced =
    [
        "20261129163836_InitialSchema", "20261129165522_PendingTransfers", "20261129180015_ReviewDrafts",
        "20261129181537_PlanDocuments", "20261129183605_NightlyJobs", "20261129195318_DerivedReference",
        "20261130092829_AuditPipeline", "20261130102209_OneDraftsTable", "20261130115606_PlanSearchTerms",
        "20261130150706_UserSessions",
    ];

    /// <summary>
    /// Rewrites a complete pre-release history to the initial migration. Null when the database can go on to migrate;
    /// otherwise the sentence saying why not.
    /// </summary>
    public static async Task<string?> RewriteHistoryAsync(FspDbContext db, CancellationToken cancellationToken = default)
    {
        var history = db.GetService<IHistoryRepository>();
        if (!await history.ExistsAsync(cancellationToken)) return null; // a fresh install
        var applied = (await history.GetAppliedMigrationsAsync(cancellationToken)).Select(row => row.MigrationId).ToHashSet();
        var replaced = Replaced.Where(applied.Contains).ToList();
        if (replaced.Count == 0) return null;
        if (replaced.Count < Replaced.Count)
            return $"The database was made by an early pre-release build of FSP Portal and has only {replaced.Count} of its " +
                   $"{Replaced.Count} changes (the last applied is {replaced[^1]}), so it cannot be upgraded. Restore a backup made " +
                   "by a newer build, or move the data folder aside and start afresh.";

        var initial = db.Database.GetMigrations().First();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var id in replaced) await db.Database.ExecuteSqlRawAsync(history.GetDeleteScript(id), cancellationToken);
        if (!applied.Contains(initial))
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(initial, ProductInfo.GetVersion())), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }
}
