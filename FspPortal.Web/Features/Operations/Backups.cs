using System.Security.Cryptography;
using System.Text.Json;
using FspPortal.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Operations;

/// <summary>What a backup holds, written beside it as <c>manifest.json</c> and checked by <see cref="Backups.VerifyAsync"/>.</summary>
public sealed record BackupManifest(DateTime CreatedUtc, string PortalVersion, BackupFile Database, IReadOnlyDictionary<string, long> Counts,
    IReadOnlyList<BackupFile> Documents, IReadOnlyList<string> MissingDocuments);

public sealed record BackupFile(string Name, long Bytes, string Sha256);

/// <summary>
/// Backup, verify and restore of a portal's data: the SQLite database (with the Data Protection keys) copied with
/// SQLite's online backup API, so a consistent copy is taken while the portal runs and writes, plus the documents the
/// copy refers to, plus a manifest of counts and SHA-256 checksums.
/// </summary>
public static class Backups
{
    public const string DatabaseFile = "fsp-portal.db";
    public const string ManifestFile = "manifest.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The tables counted in the manifest (and compared by verify).</summary>
    private static readonly string[] CountedTables = ["Plans", "PlanDocuments", "DocumentChunks", "AspNetUsers", "AuditEntries", "OutgoingEmails"];

    public static async Task<BackupManifest> BackupAsync(string dataDirectory, string target, TextWriter report)
    {
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new BackupException($"The backup folder {target} is not empty: choose a new folder for each backup.");
        var source = Path.Combine(dataDirectory, DatabaseFile);
        if (!File.Exists(source)) throw new BackupException($"There is no portal database at {source}: check Storage:DataDirectory.");
        Directory.CreateDirectory(Path.Combine(target, "documents"));

        // One consistent snapshot of the database, whatever the portal writes meanwhile (WAL included).
        var copy = Path.Combine(target, DatabaseFile);
        await using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
        {
            await from.OpenAsync();
            await to.OpenAsync();
            from.BackupDatabase(to);
        }

        // The documents the snapshot refers to (written once, never changed: a copy now is the copy then).
        var documents = new List<BackupFile>();
        var missing = new List<string>();
        foreach (var stored in await StoredDocumentsAsync(copy))
        {
            var file = Path.Combine(dataDirectory, "documents", stored);
            if (!File.Exists(file)) { missing.Add(stored); continue; } // deleted since the snapshot
            var into = Path.Combine(target, "documents", stored);
            File.Copy(file, into);
            documents.Add(await DescribeAsync(into, stored));
        }

        var manifest = new BackupManifest(DateTime.UtcNow, typeof(Backups).Assembly.GetName().Version?.ToString() ?? "0",
            await DescribeAsync(copy, DatabaseFile), await CountAsync(copy), documents, missing);
        await File.WriteAllTextAsync(Path.Combine(target, ManifestFile), JsonSerializer.Serialize(manifest, Json));
        await RecordAsync(source, manifest, target);
        report.WriteLine($"Backed up {manifest.Counts["Plans"]} plans, {documents.Count} documents and {manifest.Counts["AspNetUsers"]} accounts to {target}.");
        if (missing.Count > 0) report.WriteLine($"{missing.Count} document(s) were deleted while the backup ran and are not in it.");
        return manifest;
    }

    /// <summary>The problems with the backup in <paramref name="folder"/>; none when it is whole.</summary>
    public static async Task<IReadOnlyList<string>> VerifyAsync(string folder)
    {
        var problems = new List<string>();
        var manifestPath = Path.Combine(folder, ManifestFile);
        if (!File.Exists(manifestPath)) return [$"There is no {ManifestFile} in {folder}: it is not a portal backup."];
        var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(manifestPath))!;

        var database = Path.Combine(folder, DatabaseFile);
        if (!await MatchesAsync(database, manifest.Database)) problems.Add($"{DatabaseFile} is missing or does not match its checksum.");
        else
        {
            await using var connection = Open(database, SqliteOpenMode.ReadOnly);
            await using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA integrity_check;";
                if ((string?)await check.ExecuteScalarAsync() != "ok") problems.Add($"{DatabaseFile} fails SQLite's integrity check.");
            }
            foreach (var (table, count) in await CountAsync(database))
                if (manifest.Counts.GetValueOrDefault(table) != count) problems.Add($"{table} has {count} rows; the manifest says {manifest.Counts.GetValueOrDefault(table)}.");
        }
        foreach (var document in manifest.Documents)
            if (!await MatchesAsync(Path.Combine(folder, "documents", document.Name), document))
                problems.Add($"The document {document.Name} is missing or does not match its checksum.");
        return problems;
    }

    /// <summary>Copies a verified backup into an empty data folder.</summary>
    public static async Task RestoreAsync(string folder, string dataDirectory, TextWriter report)
    {
        if (File.Exists(Path.Combine(dataDirectory, DatabaseFile)))
            throw new BackupException($"The data folder {dataDirectory} already has a portal database. Restore only into an empty data folder " +
                                      "(stop the portal, move the old folder aside, point Storage:DataDirectory at a new one), so nothing is overwritten.");
        var problems = await VerifyAsync(folder);
        if (problems.Count > 0) throw new BackupException("The backup does not verify, so nothing was restored: " + string.Join(" ", problems));
        Directory.CreateDirectory(Path.Combine(dataDirectory, "documents"));
        File.Copy(Path.Combine(folder, DatabaseFile), Path.Combine(dataDirectory, DatabaseFile));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(folder, "documents")))
            File.Copy(file, Path.Combine(dataDirectory, "documents", Path.GetFileName(file)));
        report.WriteLine($"Restored the backup from {folder} into {dataDirectory}. Start the portal on it.");
    }

    public const string BackupMadeAction = "System.BackupMade";

    /// <summary>An audit line in the live portal: who looks at Admin → System sees when the last backup was made, and where.</summary>
    private static async Task RecordAsync(string database, BackupManifest manifest, string target)
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<SqliteFspDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString()).Options;
        await using var db = new SqliteFspDbContext(options);
        db.AuditEntries.Add(new AuditEntry
        {
            OccurredUtc = manifest.CreatedUtc, ActorName = "Backup command", Action = BackupMadeAction, TargetType = "System",
            Details = target,
            Summary = $"Made a backup ({manifest.Counts["Plans"]} plans, {manifest.Documents.Count} documents) in {target}",
        });
        await db.SaveChangesAsync();
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static async Task<List<string>> StoredDocumentsAsync(string database)
    {
        await using var connection = Open(database, SqliteOpenMode.ReadOnly);
        await using var command = connection.CreateCommand();
        // Documents kept in the database are in the snapshot already.
        command.CommandText = """SELECT "StoredName" FROM "PlanDocuments" WHERE "Store" = $folder;""";
        command.Parameters.AddWithValue("$folder", PlanDocument.InFolder);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    private static async Task<IReadOnlyDictionary<string, long>> CountAsync(string database)
    {
        await using var connection = Open(database, SqliteOpenMode.ReadOnly);
        var counts = new Dictionary<string, long>();
        foreach (var table in CountedTables)
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";
            exists.Parameters.AddWithValue("$name", table);
            if ((long)(await exists.ExecuteScalarAsync())! == 0) { counts[table] = 0; continue; } // a backup from before the table: none
            await using var command = connection.CreateCommand();
            command.CommandText = $"""SELECT COUNT(*) FROM "{table}";""";
            counts[table] = (long)(await command.ExecuteScalarAsync())!;
        }
        return counts;
    }

    private static async Task<BackupFile> DescribeAsync(string path, string name)
    {
        await using var stream = File.OpenRead(path);
        return new BackupFile(name, stream.Length, Convert.ToHexString(await SHA256.HashDataAsync(stream)));
    }

    private static async Task<bool> MatchesAsync(string path, BackupFile expected) =>
        File.Exists(path) && await DescribeAsync(path, expected.Name) == expected;
}

public sealed class BackupException(string message) : Exception(message);

/// <summary>
/// <c>dotnet FspPortal.Web.dll backup|verify|restore &lt;folder&gt;</c>: run instead of the portal, with the same settings
/// (the data folder), and exit: 0 when done, 1 when refused or the backup does not verify.
/// </summary>
public static class PortalCommands
{
    public static readonly string[] Names = ["backup", "verify", "restore", "migrate"];

    /// <summary>The command and its folder, when <paramref name="args"/> starts with one; the rest are settings.</summary>
    public static (string? Command, string? Folder, string[] Settings) Parse(string[] args)
    {
        if (args.Length == 0 || !Names.Contains(args[0])) return (null, null, args);
        var hasFolder = args[0] != "migrate" && args.Length >= 2 && !args[1].StartsWith("--", StringComparison.Ordinal);
        return (args[0], hasFolder ? args[1] : null, args.Skip(hasFolder ? 2 : 1).ToArray());
    }

    public static async Task<int> RunAsync(string command, string? folder, IConfiguration settings, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            Console.Error.WriteLine($"Say which folder: dotnet FspPortal.Web.dll {command} <folder>");
            return 1;
        }
        folder = Path.GetFullPath(folder);
        var storage = settings.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var dataDirectory = StorageOptions.ResolveDataDirectory(storage.DataDirectory, environment.ContentRootPath);
        if (storage.IsPostgreSql)
        {
            Console.Error.WriteLine($"{command} copies the SQLite database. On PostgreSQL, back the database up with pg_dump and copy " +
                                    "the data folder's documents/ beside it (docs/operations.md, section 5).");
            return 2;
        }
        try
        {
            switch (command)
            {
                case "backup":
                    await Backups.BackupAsync(dataDirectory, folder, Console.Out);
                    return 0;
                case "verify":
                    var problems = await Backups.VerifyAsync(folder);
                    foreach (var problem in problems) Console.Error.WriteLine(problem);
                    Console.WriteLine(problems.Count == 0 ? $"The backup in {folder} is whole." : $"The backup in {folder} has {problems.Count} problem(s).");
                    return problems.Count == 0 ? 0 : 1;
                default:
                    await Backups.RestoreAsync(folder, dataDirectory, Console.Out);
                    return 0;
            }
        }
        catch (BackupException refused)
        {
            Console.Error.WriteLine(refused.Message);
            return 1;
        }
    }
}
