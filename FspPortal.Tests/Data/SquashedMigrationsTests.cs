using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Extensions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Tests.Data;

/// <summary>
/// The pre-release migrations were squashed into one. A database a pre-release build had fully migrated carries on (its
/// history is rewritten, its data kept); one that stopped part-way is refused with a sentence, not a half-applied schema.
/// </summary>
[Trait("Provider", "SQLite")] // about the SQLite file or the built app on its default database: not run again on PostgreSQL
[Trait("Category", "Integration")]
public sealed class SquashedMigrationsTests
{
    [Fact]
    public async Task A_fresh_install_has_the_initial_migration_and_those_after_it()
    {
        await using var portal = new PortalFactory();
        await using var db = await portal.CreateDbContextAsync();
        Assert.EndsWith("_Initial", db.Database.GetMigrations().First());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task A_database_from_a_fully_migrated_pre_release_build_starts_with_its_plans_and_the_initial_migration()
    {
        var portal = new PortalFactory();
        var planId = await portal.AddAsync(PlanSeeder.Completed("sam", new DateTime(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc)));
        List<string> later;
        await using (var db = await portal.CreateDbContextAsync()) later = db.Database.GetMigrations().Skip(1).ToList();
        await portal.StopKeepingDataAsync();
        // The history such a database has: the replaced migrations, then (as the test's database has their changes) the later ones.
        await SetHistoryAsync(portal.DataDirectory, [.. SquashedMigrations.Replaced, .. later]);

        await using var again = new PortalFactory(portal.DataDirectory);
        await using (var db = await again.CreateDbContextAsync())
        {
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.True(await db.Plans.AnyAsync(p => p.Id == planId));
        }
    }

    [Fact]
    public async Task A_database_from_a_pre_release_build_that_stopped_part_way_is_refused_with_a_sentence()
    {
        var portal = new PortalFactory();
        await portal.CreateUserAsync("pat@school.example.org", "correct horse battery staple");
        await portal.StopKeepingDataAsync();
        var partial = SquashedMigrations.Replaced.Take(6).ToList();
        await SetHistoryAsync(portal.DataDirectory, partial);
        try
        {
            var run = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string?>(), portal.DataDirectory, "migrate");

            Assert.Equal(StartupChecks.ExitCode, run.ExitCode);
            Assert.Contains("was made by an early pre-release build of FSP Portal and has only 6 of its 10 changes", run.Output);
            Assert.DoesNotContain("   at ", run.Output);
            Assert.Equal(partial, await ReadHistoryAsync(portal.DataDirectory)); // untouched
        }
        finally { Directory.Delete(portal.DataDirectory, recursive: true); }
    }

    private static SqliteConnection Open(string dataDirectory) => new($"Data Source={Path.Combine(dataDirectory, "fsp-portal.db")};Pooling=False");

    private static async Task SetHistoryAsync(string dataDirectory, IEnumerable<string> migrationIds)
    {
        await using var connection = Open(dataDirectory);
        await connection.OpenAsync();
        await using var clear = connection.CreateCommand();
        clear.CommandText = """DELETE FROM "__EFMigrationsHistory";""";
        await clear.ExecuteNonQueryAsync();
        foreach (var id in migrationIds)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = """INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ($id, '10.0.15');""";
            insert.Parameters.AddWithValue("$id", id);
            await insert.ExecuteNonQueryAsync();
        }
    }

    private static async Task<List<string>> ReadHistoryAsync(string dataDirectory)
    {
        await using var connection = Open(dataDirectory);
        await connection.OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = """SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY "MigrationId";""";
        var ids = new List<string>();
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }
}
