using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace FspPortal.Tests.Support;

/// <summary>
/// Which database the tests' portals use. SQLite (a file in each data folder) unless test.sh has started a throwaway
/// PostgreSQL server and set <c>FSP_TEST_POSTGRES</c> to its connection string: then each data folder gets its own
/// database on it, made here and dropped when the portal is disposed.
/// </summary>
public static class TestDatabase
{
    public static string? PostgreSqlServer => Environment.GetEnvironmentVariable("FSP_TEST_POSTGRES") is { Length: > 0 } server ? server : null;

    /// <summary>Creates (if missing) the data folder's database and returns its connection string.</summary>
    public static string CreatePostgreSql(string server, string dataDirectory)
    {
        var name = DatabaseName(dataDirectory);
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
        if (exists.ExecuteScalar() is null)
            using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection)) create.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    public static async Task DropPostgreSqlAsync(string server, string dataDirectory)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName(dataDirectory)}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Makes the database refuse every <paramref name="operation"/> (INSERT, UPDATE) on <paramref name="table"/> with
    /// <paramref name="message"/>, as a full disk or a broken table would; the returned action mends it.
    /// </summary>
#pragma warning disable EF1002, EF1003 // the table, trigger and message are the tests' own constants, not input
    public static async Task<Func<Task>> BreakWritesAsync(FspPortal.Web.Data.FspDbContext db, string table, string operation, string message)
    {
        var name = $"broken_{table.ToLowerInvariant()}_{operation.ToLowerInvariant()}";
        // Mended through a fresh context: the one that broke it may be disposed by then.
        var contexts = db.GetService<IDbContextFactory<FspPortal.Web.Data.FspDbContext>>();
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync(
                $"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{message}'; END $$; " +
                $"CREATE TRIGGER {name} BEFORE {operation} ON \"{table}\" FOR EACH ROW EXECUTE FUNCTION {name}();");
            return async () =>
            {
                await using var mend = await contexts.CreateDbContextAsync();
                await mend.Database.ExecuteSqlRawAsync($"DROP TRIGGER {name} ON \"{table}\"; DROP FUNCTION {name}();");
            };
        }
        await db.Database.ExecuteSqlRawAsync($"CREATE TRIGGER {name} BEFORE {operation} ON \"{table}\" BEGIN SELECT RAISE(ABORT, '{message}'); END;");
        return async () =>
        {
            await using var mend = await contexts.CreateDbContextAsync();
            await mend.Database.ExecuteSqlRawAsync($"DROP TRIGGER {name};");
        };
    }

#pragma warning restore EF1002, EF1003

    /// <summary>The names of the database's tables.</summary>
    public static Task<List<string>> TableNamesAsync(FspPortal.Web.Data.FspDbContext db) => db.Database.IsNpgsql()
        ? db.Database.SqlQuery<string>($"SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'").ToListAsync()
        : db.Database.SqlQuery<string>($"SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'").ToListAsync();

    private static string DatabaseName(string dataDirectory) =>
        "fsp_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..20].ToLowerInvariant();
}

/// <summary>A test that needs a PostgreSQL server: skipped, saying why, when none is running (test.sh's second pass has one).</summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (TestDatabase.PostgreSqlServer is null)
            Skip = "Needs a PostgreSQL server: ./test.sh starts one for its second pass (FSP_TEST_POSTGRES).";
    }
}
