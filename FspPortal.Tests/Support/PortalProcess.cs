using System.Diagnostics;

namespace FspPortal.Tests.Support;

/// <summary>
/// The built portal started as an operator would (<c>dotnet FspPortal.Web.dll</c>), in Production, on a fresh data
/// folder, with settings as environment variables. For what only a real process shows: its exit code and its console.
/// </summary>
public sealed class PortalProcess
{
    public int ExitCode { get; private init; }
    public string Output { get; private init; } = "";
    public string DataDirectory { get; private init; } = "";

    /// <summary>Runs the portal until it exits by itself (a refused start), or fails the test after two minutes.</summary>
    public static async Task<PortalProcess> RunUntilExitAsync(IDictionary<string, string?> settings, string? dataDirectory = null, params string[] command)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "fsp-tests", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(WebDll());
        foreach (var argument in command) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        start.Environment["Portal__PublicBaseUrl"] = "https://fsp.council.example/";
        start.Environment["Email__Transport"] = "Outbox";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"The portal did not stop by itself within two minutes. It said: {await output}{await errors}");
        }
        return new PortalProcess { ExitCode = process.ExitCode, Output = await output + await errors, DataDirectory = dataDirectory };
    }

    /// <summary>The web project's own build output (built with the tests, which reference it).</summary>
    private static string WebDll()
    {
        // The same configuration and framework folder as the tests (bin/Debug/net10.0).
        var relative = Path.GetRelativePath(Path.Combine(Repository.Root, "FspPortal.Tests"), AppContext.BaseDirectory);
        var dll = Path.Combine(Repository.Root, "FspPortal.Web", relative, "FspPortal.Web.dll");
        Assert.True(File.Exists(dll), $"No built portal at {dll}");
        return dll;
    }
}
