using FspPortal.Web.Extensions;
using FspPortal.Web.Features.Operations;

// A table of contents: each area registers itself in Extensions/.
// "backup <folder>", "verify <folder>" and "restore <folder>" run instead of the portal, with the same settings.
var (command, folder, settingsArgs) = PortalCommands.Parse(args);
var builder = WebApplication.CreateBuilder(settingsArgs);
builder.UseRootSettings();
// Settings are checked before anything is created or migrated; a wrong one stops here with a sentence naming it.
if (StartupChecks.Find(builder.Configuration, builder.Environment) is { Count: > 0 } problems)
{
    Console.Error.WriteLine(StartupChecks.Describe(problems));
    return StartupChecks.ExitCode;
}
if (command is "backup" or "verify" or "restore") return await PortalCommands.RunAsync(command, folder, builder.Configuration, builder.Environment);
// On SQLite, one portal process per data folder (see DataFolderLock); the backup commands above run beside a live portal.
var onSqlite = !FspPortal.Web.Data.StorageOptions.From(builder.Configuration).IsPostgreSql;
if (onSqlite)
{
    var dataDirectory = FspPortal.Web.Data.StorageOptions.ResolveDataDirectory(builder.Configuration, builder.Environment);
    if (FspPortal.Web.Data.DataFolderLock.TryAcquire(dataDirectory, out var refusal) is not { } folderLock)
    {
        Console.Error.WriteLine(refusal);
        return StartupChecks.ExitCode;
    }
    builder.Services.AddSingleton(_ => folderLock);
}
builder.AddFspPortal();

var app = builder.Build();
if (onSqlite) app.Services.GetRequiredService<FspPortal.Web.Data.DataFolderLock>(); // resolved, so the host lets it go when disposed
if (command is "migrate")
{
    // Applies the migrations (and the reference data) and stops: for an upgrade, or servers with Storage:MigrateOnStart=false.
    if (!await app.InitialiseDatabaseAsync(migrating: true)) return StartupChecks.ExitCode;
    Console.WriteLine("The database is up to date.");
    return 0;
}
if (!await app.InitialiseDatabaseAsync()) return StartupChecks.ExitCode;
app.MapFspPortal();
app.Run();
return 0;

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
