using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FspPortal.Tests.E2E;
using FspPortal.Tests.Support;

namespace FspPortal.Tests.Web;

/// <summary>
/// The portal as an operator installs it (docs/operations.md): published with <c>dotnet publish -c Release</c>, started
/// with <c>dotnet FspPortal.Web.dll</c> in Production on an empty data folder. Its pages' assets come brotli-compressed
/// and immutable; its first start logs no warning beyond the documented ones; JSON logs are one object per line.
/// </summary>
[Trait("Provider", "SQLite")] // about the SQLite file or the built app on its default database: not run again on PostgreSQL
[Trait("Category", "Integration")]
[Collection(BrowserCollection.Name)] // publishing is heavy: never beside a browser journey on two cores
public sealed partial class PublishedPortalTests(PublishedPortal published)
    : IClassFixture<PublishedPortal>
{
    /// <summary>The warnings a healthy first start logs, each explained in docs/operations.md §8.</summary>
    private static readonly string[] DocumentedWarnings =
    [
        "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager[35]", // no DataProtection:CertificatePath
        "FspPortal.Web.Extensions.EmailTransportWarning[0]",                   // Email:Transport=Outbox
        "FspPortal.FirstRun[0]",                                               // the first admin's setup link
    ];

    [Fact]
    public async Task Every_asset_the_sign_in_page_links_comes_brotli_compressed_and_immutable()
    {
        // Behind its TLS proxy, as docs/operations.md sets it up (without the proxy's word, it sends the browser to https).
        await using var portal = await PortalProcess.StartAsync(published.WebDll, new Dictionary<string, string?> { ["Portal:KnownProxies"] = "127.0.0.1" });
        using var client = new HttpClient { BaseAddress = portal.ListeningOn };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var page = await client.GetStringAsync("/Account/Login");

        await LinkedAssets.AssertServedCompressedAndImmutableAsync(client, LinkedAssets.In(page).Distinct().ToList(), "br");
    }

    [Fact]
    public async Task A_fresh_install_logs_no_warning_but_the_documented_ones()
    {
        await using var portal = await PortalProcess.StartAsync(published.WebDll, new Dictionary<string, string?>());
        await Eventually.TrueAsync(() => portal.Output.Contains("FSP Portal has no accounts yet", StringComparison.Ordinal),
            "the first-run box, the last thing a first start prints");

        var log = portal.Output;
        var warnings = LogLevelLine().Matches(log).Where(m => m.Groups["level"].Value is "warn" or "fail" or "crit")
            .Select(m => m.Groups["level"].Value + ": " + m.Groups["category"].Value).ToList();
        Assert.True(warnings.All(w => w.StartsWith("warn: ", StringComparison.Ordinal) && DocumentedWarnings.Contains(w["warn: ".Length..])),
            $"Undocumented warnings: {string.Join(", ", warnings)}\n{log}");
        Assert.DoesNotContain("20410", log); // the squashed migrations run in one transaction

        var guide = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docs", "operations.md"));
        Assert.All(DocumentedWarnings, warning => Assert.Contains($"`{warning}`", guide));
    }

    [Fact]
    public async Task With_json_console_logs_every_line_is_one_json_object()
    {
        await using var portal = await PortalProcess.StartAsync(published.WebDll,
            new Dictionary<string, string?> { ["Logging:Console:FormatterName"] = "json" });
        await Eventually.TrueAsync(() => portal.Output.Contains("FSP Portal has no accounts yet", StringComparison.Ordinal),
            "the first-run box");

        var lines = portal.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length >= 5, portal.Output);
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line); // throws, naming the line, when it is not JSON
            Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _) && entry.RootElement.TryGetProperty("Message", out _), line);
        }
    }

    [GeneratedRegex(@"^(?<level>trce|dbug|info|warn|fail|crit): (?<category>\S+)", RegexOptions.Multiline)]
    private static partial Regex LogLevelLine();
}

/// <summary>One <c>dotnet publish -c Release</c> of the portal into a temporary folder, as docs/operations.md says.</summary>
public sealed class PublishedPortal : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "fsp-tests", "published-" + Guid.NewGuid().ToString("N"));

    public string WebDll => Path.Combine(folder, "FspPortal.Web.dll");

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "publish", Path.Combine(Repository.Root, "FspPortal.Web", "FspPortal.Web.csproj"), "-c", "Release", "-o", folder,
                     "--nologo", "--disable-build-servers", // no build server left holding the test's output pipes
                 })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0 && File.Exists(WebDll), $"dotnet publish failed: {await output}{await errors}");
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
