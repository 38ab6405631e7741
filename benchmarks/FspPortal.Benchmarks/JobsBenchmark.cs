using System.Diagnostics;
using FspPortal.Web.Data;
using FspPortal.Web.Extensions;
using FspPortal.Web.Features.Demo;
using FspPortal.Web.Features.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Benchmarks;

/// <summary>
/// `jobs [plans] [unnumbered] [users]`: a SQLite council of (default) 1,000,000 plans — 100,000 of them finished but not
/// yet numbered — made in SQL (plans, coordinators; the users through the demo generator), then the nightly numbering
/// and a full review sweep (the first, which finds every crossing, and a second, which finds nothing new), each timed
/// with the memory it used. Target: each under 30 s.
/// </summary>
public static class JobsBenchmark
{
    public static Task RunAsync(int plans, int unnumbered, int users) =>
        BenchmarkDatabase.ForEachAsync("fsp-jobs", (database, dataDirectory) => RunOnAsync(database, dataDirectory, plans, unnumbered, users));

    private static async Task RunOnAsync(BenchmarkDatabase database, string dataDirectory, int plans, int unnumbered, int users)
    {
        var builder = WebApplication.CreateBuilder([.. database.Settings, "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:FspPortal.Web.Features.Jobs=Information", "--Jobs:Enabled=false"]);
        builder.AddFspPortal();
        await using var app = builder.Build();
        await app.InitialiseDatabaseAsync();

        var generate = Stopwatch.StartNew();
        await app.Services.GetRequiredService<DemoCouncil>().GenerateAsync(0, users);
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<FspDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await db.Database.OpenConnectionAsync(); // the temporary table lives as long as this connection
            await db.Database.ExecuteSqlRawAsync("""CREATE TEMP TABLE "Coordinators" AS SELECT ROW_NUMBER() OVER (ORDER BY "Id") - 1 AS "N", "Id" FROM "AspNetUsers";""");
            // Plan i: every 20th a draft, every 20th (+1) closed, the rest open; finished up to two years ago; the last
            // `unnumbered` finished plans have no reference yet. The same plans in each database's own SQL dialect.
            // Only whole numbers computed here go into this SQL, never text from outside.
#pragma warning disable EF1002
            await db.Database.ExecuteSqlRawAsync(database.IsPostgreSql ? $"""
                INSERT INTO "Plans" ("Id", "Status", "CreatedByUserId", "CreatedUtc", "UpdatedUtc", "CompletedUtc", "ReferenceNumber",
                    "Version", "LastStep", "StateJson", "ChildFirstName", "ChildLastName", "FamilyName", "NextReviewDate", "ReviewClockStartUtc", "ClosedUtc", "SearchTermsVersion")
                SELECT (lpad(to_hex(i), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
                       CASE WHEN i % 20 = 0 THEN 0 WHEN i % 20 = 1 THEN 2 ELSE 1 END,
                       c."Id", now() - make_interval(secs => (i * 7919) % 63072000 + 86400), now(),
                       CASE WHEN i % 20 = 0 THEN NULL ELSE now() - make_interval(secs => (i * 7919) % 63072000) END,
                       CASE WHEN i % 20 = 0 OR i > {plans - unnumbered} THEN NULL ELSE i::int END,
                       1, 9, 'not read by the jobs', 'Child', 'Family' || (i % 5000), 'Family' || (i % 5000),
                       CASE WHEN i % 20 = 0 THEN NULL ELSE (now() - make_interval(secs => (i * 7919) % 63072000))::date + 42 END,
                       CASE WHEN i % 20 = 0 THEN NULL ELSE now() - make_interval(secs => (i * 7919) % 63072000) END,
                       CASE WHEN i % 20 = 1 THEN now() ELSE NULL END,
                       {FspPortal.Domain.Plans.PlanSearchTerms.Version}
                FROM generate_series(1::bigint, {plans}) AS n(i) JOIN "Coordinators" c ON c."N" = i % {users};
                """ : $"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {plans})
                INSERT INTO "Plans" ("Id", "Status", "CreatedByUserId", "CreatedUtc", "UpdatedUtc", "CompletedUtc", "ReferenceNumber",
                    "Version", "LastStep", "StateJson", "ChildFirstName", "ChildLastName", "FamilyName", "NextReviewDate", "ReviewClockStartUtc", "ClosedUtc", "SearchTermsVersion")
                SELECT printf('%08X-0000-4000-8000-%012X', i, i),
                       CASE WHEN i % 20 = 0 THEN 0 WHEN i % 20 = 1 THEN 2 ELSE 1 END,
                       c."Id", datetime('now', printf('-%d seconds', (i * 7919) % 63072000 + 86400)), datetime('now'),
                       CASE WHEN i % 20 = 0 THEN NULL ELSE datetime('now', printf('-%d seconds', (i * 7919) % 63072000)) END,
                       CASE WHEN i % 20 = 0 OR i > {plans - unnumbered} THEN NULL ELSE i END,
                       1, 9, 'not read by the jobs', 'Child', printf('Family%d', i % 5000), printf('Family%d', i % 5000),
                       CASE WHEN i % 20 = 0 THEN NULL ELSE date('now', printf('-%d seconds', (i * 7919) % 63072000), '+42 days') END,
                       CASE WHEN i % 20 = 0 THEN NULL ELSE datetime('now', printf('-%d seconds', (i * 7919) % 63072000)) END,
                       CASE WHEN i % 20 = 1 THEN datetime('now') ELSE NULL END,
                       {FspPortal.Domain.Plans.PlanSearchTerms.Version}
                FROM n JOIN "Coordinators" c ON c."N" = i % {users};
                """);
#pragma warning restore EF1002
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "PlanMembers" ("PlanId", "UserId", "Role", "IsActive", "AddedUtc")
                SELECT "Id", "CreatedByUserId", 0, TRUE, "CreatedUtc" FROM "Plans";
                """);
            await db.Database.ExecuteSqlRawAsync(database.IsPostgreSql ? "VACUUM ANALYZE;" : "ANALYZE;");
            var size = database.IsPostgreSql
                ? $"{(await db.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").SingleAsync()) / 1048576.0:F0} MB PostgreSQL database"
                : $"{new FileInfo(Path.Combine(dataDirectory, "fsp-portal.db")).Length / 1048576.0:F0} MB SQLite file";
            Console.WriteLine($"Made {await db.Plans.CountAsync():N0} plans ({await db.Plans.CountAsync(p => p.Status != 0 && p.ReferenceNumber == null):N0} waiting for a number), "
                + $"{await db.Users.CountAsync():N0} users in {generate.Elapsed.TotalSeconds:F0} s; {size}");
        }

        await Measure.RunAsync("Nightly numbering", async () => (await app.Services.GetRequiredService<ReferenceNumbering>().NumberAsync()).Summary);
        await Measure.RunAsync("Review sweep (first: every crossing)", async () => (await app.Services.GetRequiredService<ReviewSweep>().SweepAsync()).Summary);
        await Measure.RunAsync("Review sweep (next night: nothing new)", async () => (await app.Services.GetRequiredService<ReviewSweep>().SweepAsync()).Summary);
        await Measure.RunAsync("Nightly numbering (again: nothing to do)", async () => (await app.Services.GetRequiredService<ReferenceNumbering>().NumberAsync()).Summary);
    }
}
