using FspPortal.Tests.Support;
using FspPortal.Web.Extensions;

namespace FspPortal.Tests.Web;

/// <summary>
/// Bad settings stop the start with a sentence naming the setting and exit code 2, before the database exists. The
/// review saw a negative session length, a non-numeric upload limit, a bad from-address and zero allowed failures
/// start and report ready; a bad time zone crash after the migrations; an unwritable data folder abort with exit 134.
/// </summary>
[Trait("Provider", "SQLite")] // about the SQLite file or the built app on its default database: not run again on PostgreSQL
[Trait("Category", "Integration")]
public sealed class StartupChecksTests
{
    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Security:SessionHours", "-8", "Security:SessionHours is -8: it must be between 1 and 24." },
        { "Documents:MaxFileSizeMB", "twenty", "Documents:MaxFileSizeMB is \u201ctwenty\u201d, which is not a whole number" },
        { "Email:FromAddress", "not an address", "Email:FromAddress is \u201cnot an address\u201d, which is not an email address" },
        { "Security:MaxFailedAttempts", "0", "Security:MaxFailedAttempts is 0: it must be between 1 and 1000." },
        { "Jobs:TimeZone", "Mars/Olympus_Mons", "Jobs:TimeZone is \u201cMars/Olympus_Mons\u201d, which this machine does not know" },
        { "Jobs:NumberingCron", "every night", "Jobs:NumberingCron is \u201cevery night\u201d, which is not a Quartz cron expression" },
        { "Portal:PublicBaseUrl", "", PortalExtensions.PublicBaseUrlMissing },
        { "Portal:KnownProxies", "the proxy", "Portal:KnownProxies has \u201cthe\u201d, which is neither an address" },
        { "Storage:Provider", "Oracle", "Storage:Provider is \u201cOracle\u201d: it must be Sqlite (the default) or PostgreSQL." },
        { "Storage:Provider", "PostgreSQL", "Storage:Provider is PostgreSQL but ConnectionStrings:Portal is not set" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_the_start_naming_it_before_the_database_is_made(string key, string value, string message)
    {
        var run = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string?> { [key] = value });
        try
        {
            Assert.Equal(StartupChecks.ExitCode, run.ExitCode);
            Assert.Contains("FSP Portal did not start, because of its settings", run.Output);
            Assert.Contains(message, run.Output);
            Assert.DoesNotContain("   at ", run.Output); // a sentence, not a stack trace
            Assert.False(File.Exists(Path.Combine(run.DataDirectory, "fsp-portal.db")));
        }
        finally { Directory.Delete(run.DataDirectory, recursive: true); }
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_written_stops_the_start_naming_it()
    {
        // A file where the folder should be: nothing can be created under it, whoever runs the tests (root included).
        var blocker = Path.Combine(Path.GetTempPath(), $"fsp-blocker-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(blocker, "not a folder");
        try
        {
            var run = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string?>(), dataDirectory: Path.Combine(blocker, "data"));
            Assert.Equal(StartupChecks.ExitCode, run.ExitCode);
            Assert.Contains($"Storage:DataDirectory is \u201c{Path.Combine(blocker, "data")}\u201d, which the portal cannot create or write to", run.Output);
        }
        finally { File.Delete(blocker); }
    }

    [Fact]
    public async Task In_production_without_an_email_service_the_start_is_refused_unless_the_outbox_is_chosen()
    {
        var run = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string?> { ["Email:Transport"] = "" });
        try
        {
            Assert.Equal(StartupChecks.ExitCode, run.ExitCode);
            Assert.Contains(StartupChecks.NoEmailTransport, run.Output);
        }
        finally { Directory.Delete(run.DataDirectory, recursive: true); }

        await using var chosen = new PortalFactory(environment: "Production"); // Email:Transport=Outbox
        _ = chosen.Services;
        Assert.Contains(chosen.Logs, line => line.StartsWith("Email is not sent anywhere (Email:Transport=Outbox)"));
    }

    [Fact]
    public async Task A_second_portal_on_the_same_data_folder_is_refused_and_the_first_runs_on()
    {
        // On plain http, so the test can ask it for its health without a TLS proxy in front.
        await using var first = await PortalProcess.StartAsync(PortalProcess.WebDll(),
            new Dictionary<string, string?> { ["Portal:PublicBaseUrl"] = "http://fsp.council.example/" });

        var second = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string?>(), first.DataDirectory);
        var migrate = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string?>(), first.DataDirectory, "migrate");

        foreach (var refused in new[] { second, migrate })
        {
            Assert.Equal(StartupChecks.ExitCode, refused.ExitCode);
            Assert.Contains($"another FSP Portal is running on the data folder {first.DataDirectory} (process ", refused.Output);
            Assert.DoesNotContain("   at ", refused.Output);
        }
        using var client = new HttpClient { BaseAddress = first.ListeningOn };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);
    }
}

/// <summary>
/// <c>migrate</c> applies the migrations and stops; with <c>Storage:MigrateOnStart=false</c> a portal whose database
/// needs migrations refuses to start, saying to run it (for servers where an operator migrates once, after a backup).
/// </summary>
[Trait("Provider", "SQLite")] // about the SQLite file or the built app on its default database: not run again on PostgreSQL
[Trait("Category", "Integration")]
public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_brings_the_database_up_to_date_and_a_start_that_must_not_migrate_says_to_run_it()
    {
        var refused = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string?> { ["Storage:MigrateOnStart"] = "false" });
        Assert.Equal(StartupChecks.ExitCode, refused.ExitCode);
        Assert.Contains("Storage:MigrateOnStart is false. Run \"dotnet FspPortal.Web.dll migrate\" once", refused.Output);

        var migrated = await PortalProcess.RunUntilExitAsync(new Dictionary<string, string?>(), refused.DataDirectory, "migrate");
        Assert.True(migrated.ExitCode == 0, migrated.Output);
        Assert.Contains("The database is up to date.", migrated.Output);

        // Now a portal that must not migrate starts on it.
        await using var portal = new PortalFactory(dataDirectory: refused.DataDirectory, environment: "Production",
            settings: new Dictionary<string, string?> { ["Storage:MigrateOnStart"] = "false" });
        Assert.Equal(System.Net.HttpStatusCode.OK, (await portal.CreatePortalClient().GetAsync("/healthz/ready")).StatusCode);
    }
}
