using System.Diagnostics;
using FspPortal.Web.Data;
using FspPortal.Web.Extensions;
using FspPortal.Web.Features.Demo;
using FspPortal.Web.Features.Plans;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Benchmarks;

/// <summary>
/// `council [plans] [users]`: makes a synthetic council in a fresh SQLite file (default 100,000 plans, 2,000 users),
/// then times Home's counts and My FSP search pages for a busy and a typical practitioner (p50/p95 over many runs)
/// and prints the search's query plans. Target: p95 under 20 ms each.
/// </summary>
public static class CouncilBenchmark
{
    public static async Task RunAsync(int plans, int users)
    {
        foreach (var open in BenchmarkDatabase.All())
        {
            var dataDirectory = Path.Combine(Path.GetTempPath(), "fsp-council", Guid.NewGuid().ToString("N"));
            await using var database = await open(dataDirectory);
            Console.WriteLine($"\n=== {database.Name} ===");
            await RunOnAsync(database, dataDirectory, plans, users);
            Directory.Delete(dataDirectory, true);
        }
    }

    private static async Task RunOnAsync(BenchmarkDatabase database, string dataDirectory, int plans, int users)
    {
        var builder = WebApplication.CreateBuilder([.. database.Settings, "--Logging:LogLevel:Default=Warning", "--Jobs:Enabled=false"]);
        builder.AddFspPortal();
        await using var app = builder.Build();
        await app.InitialiseDatabaseAsync();

        var generate = Stopwatch.StartNew();
        var council = await app.Services.GetRequiredService<DemoCouncil>().GenerateAsync(plans, users,
            progress: p => { if (p.StartsWith("20,000") || p.StartsWith("100,000") || p.StartsWith(plans.ToString("N0"))) Console.WriteLine($"  {p} ({generate.Elapsed.TotalSeconds:F0} s)"); });
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<FspDbContext>>();
        string size;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            if (database.IsPostgreSql)
            {
                db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
                await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE;"); // as autovacuum would soon after a bulk load
                size = $"{(await db.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").SingleAsync()) / 1048576.0:F0} MB PostgreSQL database";
            }
            else size = $"{new FileInfo(Path.Combine(dataDirectory, "fsp-portal.db")).Length / 1048576.0:F0} MB SQLite file";
        }
        Console.WriteLine($"Generated {council.Plans:N0} plans and {council.Users:N0} users in {generate.Elapsed.TotalSeconds:F1} s; {size}");

        var queries = app.Services.GetRequiredService<PlanQueries>();
        foreach (var (label, userId) in new[] { ("busiest practitioner", council.BusiestUserId), ("typical practitioner", council.TypicalUserId) })
        {
            await using (var db = await dbFactory.CreateDbContextAsync())
                Console.WriteLine($"\n{label}: on {await db.PlanMembers.CountAsync(m => m.UserId == userId && m.IsActive):N0} plans");
            Report("Home counts", await TimeAsync(() => queries.CountsAsync(userId)));
            Report("My FSP first page (newest first)", await TimeAsync(() => queries.SearchAsync(new PlanSearch(userId))));
            Report("My FSP search 'smi' sorted by child", await TimeAsync(() => queries.SearchAsync(new PlanSearch(userId, Text: "smi", Sort: PlanSort.Child, Descending: false))));
            Report("My FSP search 'lukasz' (folded Ł)", await TimeAsync(() => queries.SearchAsync(new PlanSearch(userId, Text: "lukasz"))));
            Report("My FSP search 'owen smi' (two words)", await TimeAsync(() => queries.SearchAsync(new PlanSearch(userId, Text: "owen smi"))));
            Report("My FSP postcode 'po3' + Completed tile", await TimeAsync(() => queries.SearchAsync(new PlanSearch(userId, PlanFilter.Completed, "po3"))));
            Report("My FSP page 3 sorted by coordinator", await TimeAsync(() => queries.SearchAsync(new PlanSearch(userId, Sort: PlanSort.Coordinator, Page: 2))));
        }

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var (page, matching) = queries.SearchQueries(db, new PlanSearch(council.BusiestUserId, Text: "smi", Sort: PlanSort.Child, Descending: false));
            await ExplainAsync(db, "search page", page.ToQueryString());
            await ExplainAsync(db, "search count", matching.Select(p => p.Id).ToQueryString());
            var (twoWords, _) = queries.SearchQueries(db, new PlanSearch(council.BusiestUserId, Text: "owen smi"));
            await ExplainAsync(db, "two words", twoWords.ToQueryString());
            var (tilePage, _) = queries.SearchQueries(db, new PlanSearch(council.BusiestUserId, PlanFilter.Completed, "po3"));
            await ExplainAsync(db, "postcode within the Completed tile", tilePage.ToQueryString());
        }
        Console.WriteLine($"\nWorking set {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:F0} MB; managed heap {GC.GetTotalMemory(false) / 1048576.0:F0} MB");
    }

    private static Task<List<double>> TimeAsync<T>(Func<Task<T>> work) => Measure.TimesAsync(work);

    private static void Report(string what, List<double> sorted) => Measure.Percentiles(what, sorted);

    private static async Task ExplainAsync(FspDbContext db, string name, string sql)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        Console.WriteLine($"\nQuery plan ({name}):");
        if (db.Database.IsNpgsql())
        {
            // Npgsql's ToQueryString declares parameters as "-- @name='value'" lines: put the values in place.
            var lines = sql.Split('\n');
            var parameters = lines.Where(l => l.StartsWith("-- @")).Select(l => l[3..].Split('=', 2)).ToList();
            var body = string.Join('\n', lines.Where(l => !l.StartsWith("--")));
            foreach (var p in parameters.OrderByDescending(p => p[0].Length))
                body = body.Replace(p[0], System.Text.RegularExpressions.Regex.Replace(p[1], @" \(DbType = \w+\)$", ""));
            command.CommandText = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + body;
            await using var plan = await command.ExecuteReaderAsync();
            while (await plan.ReadAsync()) Console.WriteLine($"  {plan.GetString(0)}");
            return;
        }
        // SQLite's ToQueryString declares parameters first (".param set"); EXPLAIN needs them inline.
        var sqliteLines = sql.Split('\n');
        var sqliteParameters = sqliteLines.TakeWhile(l => l.StartsWith(".param set ")).Select(l => l[".param set ".Length..].Split(' ', 2)).ToList();
        var sqliteBody = string.Join('\n', sqliteLines.SkipWhile(l => l.StartsWith(".param set ") || string.IsNullOrWhiteSpace(l)));
        foreach (var p in sqliteParameters.OrderByDescending(p => p[0].Length)) sqliteBody = sqliteBody.Replace(p[0], p[1]);
        command.CommandText = "EXPLAIN QUERY PLAN " + sqliteBody;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) Console.WriteLine($"  {reader.GetString(3)}");
    }
}
