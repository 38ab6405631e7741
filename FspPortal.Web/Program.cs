using FspPortal.Web.Extensions;

// A table of contents: each area registers itself in Extensions/.
var builder = WebApplication.CreateBuilder(args);
builder.UseRootSettings();
// Settings are checked before anything is created or migrated; a wrong one stops here with a sentence naming it.
if (StartupChecks.Find(builder.Configuration, builder.Environment) is { Count: > 0 } problems)
{
    Console.Error.WriteLine(StartupChecks.Describe(problems));
    return StartupChecks.ExitCode;
}
builder.AddFspPortal();

var app = builder.Build();
await app.InitialiseDatabaseAsync();
app.MapFspPortal();
app.Run();
return 0;

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
