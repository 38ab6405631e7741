using System.Data.Common;
using FspPortal.Web.Data;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Jobs;

public sealed record NumberingResult(int Numbered, int? First, int? Last)
{
    public string Summary => Numbered == 0 ? "No plans were waiting for a reference." : $"{Numbered} {(Numbered == 1 ? "plan" : "plans")} numbered ({PlanRecord.FormatReference(First!.Value)} to {PlanRecord.FormatReference(Last!.Value)}).";
}

/// <summary>
/// Gives every finished plan without a reference the next one (FSP-000001, …) in order of completion. One UPDATE
/// statement does it — one transaction, in the database, whatever the number of plans — reading the highest number
/// and numbering in the same statement, so two runs at once (or two servers) cannot hand out a number twice; the
/// unique index on the number is the backstop (a clash is retried). Running it again finds nothing to do.
/// </summary>
public sealed class ReferenceNumbering(IDbContextFactory<FspDbContext> dbFactory, IPlanNotifier notifier)
{
    // Quoted names and only standard SQL (window functions, UPDATE … FROM, RETURNING), so the same statement runs on
    // SQLite (3.35+) and PostgreSQL. The text "FSP-000042" is derived from the number when read, never stored.
    private const string NumberingSql = """
        UPDATE "Plans"
        SET "ReferenceNumber" = numbered."Number"
        FROM (
            SELECT "Id", (SELECT COALESCE(MAX("ReferenceNumber"), 0) FROM "Plans") + ROW_NUMBER() OVER (ORDER BY "CompletedUtc", "Id") AS "Number"
            FROM "Plans"
            WHERE "ReferenceNumber" IS NULL AND "Status" <> 0 AND "CompletedUtc" IS NOT NULL
        ) AS numbered
        WHERE "Plans"."Id" = numbered."Id"
        RETURNING "Plans"."ReferenceNumber"
        """;

    public async Task<NumberingResult> NumberAsync(CancellationToken cancellationToken = default)
    {
        List<int> numbers = [];
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                numbers = await RunStatementAsync(cancellationToken);
                break;
            }
            catch (DbException) when (attempt < 3)
            {
                // Another run took the same numbers first (unique index) or held the lock too long: nothing was written; try again.
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
        if (numbers.Count == 0) return new NumberingResult(0, null, null);
        var result = new NumberingResult(numbers.Count, numbers.Min(), numbers.Max());
        await NotifyAsync(result, cancellationToken);
        return result;
    }

    private async Task<List<int>> RunStatementAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // SQLite lets one writer in at a time; PostgreSQL would let a second run's UPDATE wait for the first's rows and
            // then number them again from its older snapshot. Runs take turns on a lock held to the commit, and a later
            // run's statement sees what the earlier one committed (nothing left to number).
            await using var turn = connection.CreateCommand();
            turn.Transaction = transaction;
            turn.CommandText = $"SELECT pg_advisory_xact_lock({NumberingLockKey})";
            await turn.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = NumberingSql;
        command.CommandTimeout = 300;
        var numbers = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) numbers.Add(reader.GetInt32(0));
        await transaction.CommitAsync(cancellationToken);
        return numbers;
    }

    /// <summary>PostgreSQL advisory lock key for numbering runs (any fixed number the portal uses for nothing else).</summary>
    private const long NumberingLockKey = 0x46535052_45460001; // "FSPREF" 1

    /// <summary>Each numbered plan's users hear of it (My FSP and Home show the reference without a reload).</summary>
    private async Task NotifyAsync(NumberingResult result, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var members = await db.Plans.AsNoTracking()
            .Where(p => p.ReferenceNumber >= result.First && p.ReferenceNumber <= result.Last)
            .Join(db.PlanMembers.Where(m => m.IsActive), p => p.Id, m => m.PlanId, (p, m) => new { p.Id, m.UserId })
            .ToListAsync(cancellationToken);
        await notifier.NotifyManyAsync(members.GroupBy(m => m.Id)
            .Select(plan => (new PlanChange(plan.Key, PlanChangeKind.Reference), (IReadOnlyList<string>)plan.Select(m => m.UserId).ToList())));
    }
}
