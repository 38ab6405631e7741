using Npgsql;

namespace FspPortal.Benchmarks;

/// <summary>
/// The databases a benchmark runs on, side by side: SQLite always (a fresh file), and PostgreSQL too when
/// <c>FSP_BENCH_POSTGRES</c> names a server ("Host=…;Port=…;Username=…;Database=postgres"): a fresh database made for
/// the run and dropped after it.
/// </summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    private string? server;
    private string? database;

    public string Name { get; private init; } = "SQLite";
    public bool IsPostgreSql => server is not null;

    /// <summary>The settings that point the portal at this database (with the data folder).</summary>
    public List<string> Settings { get; } = [];

    public static IEnumerable<Func<string, Task<BenchmarkDatabase>>> All()
    {
        yield return dataDirectory => Task.FromResult(new BenchmarkDatabase { Settings = { "--Storage:DataDirectory=" + dataDirectory } });
        if (Environment.GetEnvironmentVariable("FSP_BENCH_POSTGRES") is { Length: > 0 } postgres)
            yield return dataDirectory => CreatePostgreSqlAsync(postgres, dataDirectory);
        else Console.WriteLine("(PostgreSQL not measured: set FSP_BENCH_POSTGRES to a server's connection string to measure it too.)");
    }

    /// <summary>Runs <paramref name="run"/> on each database, with a fresh data folder (under the temp folder's <paramref name="folder"/>) deleted after.</summary>
    public static async Task ForEachAsync(string folder, Func<BenchmarkDatabase, string, Task> run)
    {
        foreach (var open in All())
        {
            var dataDirectory = Path.Combine(Path.GetTempPath(), folder, Guid.NewGuid().ToString("N"));
            await using (var database = await open(dataDirectory))
            {
                Console.WriteLine($"\n=== {database.Name} ===");
                await run(database, dataDirectory);
            }
            Directory.Delete(dataDirectory, true);
        }
    }

    private static async Task<BenchmarkDatabase> CreatePostgreSqlAsync(string server, string dataDirectory)
    {
        var name = "fsp_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var portal = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        return new BenchmarkDatabase
        {
            Name = "PostgreSQL", server = server, database = name,
            Settings = { "--Storage:DataDirectory=" + dataDirectory, "--Storage:Provider=PostgreSQL", "--ConnectionStrings:Portal=" + portal },
        };
    }

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (server is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
