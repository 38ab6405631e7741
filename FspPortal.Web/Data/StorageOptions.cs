namespace FspPortal.Web.Data;

/// <summary>
/// <c>Storage:DataDirectory</c>: the one folder that holds everything the app writes
/// (the SQLite file, the local email outbox, later the documents).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Absolute, or relative to the app's content root. Default: <c>App_Data</c> beside the app.</summary>
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary><c>Sqlite</c> (the default: one server, the file <c>fsp-portal.db</c> in the data folder) or <c>PostgreSQL</c>
    /// (several servers on one database, named by <c>ConnectionStrings:Portal</c>).</summary>
    public string Provider { get; set; } = Sqlite;

    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";

    public bool IsPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);

    /// <summary><c>ConnectionStrings:Portal</c>: required for PostgreSQL; for SQLite it may name another file.</summary>
    public const string ConnectionStringKey = "ConnectionStrings:Portal";

    /// <summary>False: the portal does not apply migrations at start (it refuses to start until <c>migrate</c> has run).</summary>
    public bool MigrateOnStart { get; set; } = true;

    public static StorageOptions From(IConfiguration settings) => settings.GetSection(Section).Get<StorageOptions>() ?? new StorageOptions();

    public static string ResolveDataDirectory(IConfiguration settings, IHostEnvironment environment) =>
        ResolveDataDirectory(From(settings).DataDirectory, environment.ContentRootPath);

    public static string ResolveDataDirectory(string configured, string contentRoot)
    {
        var path = Path.IsPathRooted(configured) ? configured : Path.Combine(contentRoot, configured);
        return Path.GetFullPath(path);
    }
}
