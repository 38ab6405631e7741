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

    /// <summary>Optional full connection string; when empty the SQLite file <c>fsp-portal.db</c> in the data folder is used.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>False: the portal does not apply migrations at start (it refuses to start until <c>migrate</c> has run).</summary>
    public bool MigrateOnStart { get; set; } = true;

    public static string ResolveDataDirectory(IConfiguration settings, IHostEnvironment environment) =>
        ResolveDataDirectory((settings.GetSection(Section).Get<StorageOptions>() ?? new StorageOptions()).DataDirectory, environment.ContentRootPath);

    public static string ResolveDataDirectory(string configured, string contentRoot)
    {
        var path = Path.IsPathRooted(configured) ? configured : Path.Combine(contentRoot, configured);
        return Path.GetFullPath(path);
    }
}
