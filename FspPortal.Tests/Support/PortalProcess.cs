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
        var start = StartInfo(WebDll(), settings, dataDirectory);
        for (var i = 0; i < command.Length; i++) start.ArgumentList.Insert(1 + i, command[i]);

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

    /// <summary>
    /// Starts <paramref name="webDll"/> (a published portal, say) in Production on a fresh data folder and returns once it
    /// says where it listens. Its console is collected while it runs; disposing it stops it.
    /// </summary>
    public static async Task<RunningPortal> StartAsync(string webDll, IDictionary<string, string?> settings, string? dataDirectory = null)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "fsp-tests", Guid.NewGuid().ToString("N"));
        var start = StartInfo(webDll, settings, dataDirectory);
        start.WorkingDirectory = Path.GetDirectoryName(webDll)!;
        var running = new RunningPortal(Process.Start(start)!, dataDirectory);
        try
        {
            await Eventually.TrueAsync(() => running.ListeningOn is not null || running.HasExited,
                "the portal to say where it listens", timeoutSeconds: 120);
            if (running.ListeningOn is null) throw new Xunit.Sdk.XunitException($"The portal stopped at start. It said: {running.Output}");
            return running;
        }
        catch
        {
            await running.DisposeAsync(); // a failed start leaves no process behind
            throw;
        }
    }

    private static ProcessStartInfo StartInfo(string webDll, IDictionary<string, string?> settings, string dataDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(webDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        start.Environment["Portal__PublicBaseUrl"] = "https://fsp.council.example/";
        start.Environment["Email__Transport"] = "Outbox";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        return start;
    }

    /// <summary>The web project's own build output (built with the tests, which reference it).</summary>
    public static string WebDll()
    {
        // The same configuration and framework folder as the tests (bin/Debug/net10.0).
        var relative = Path.GetRelativePath(Path.Combine(Repository.Root, "FspPortal.Tests"), AppContext.BaseDirectory);
        var dll = Path.Combine(Repository.Root, "FspPortal.Web", relative, "FspPortal.Web.dll");
        Assert.True(File.Exists(dll), $"No built portal at {dll}");
        return dll;
    }
}

/// <summary>A portal process started by <see cref="PortalProcess.StartAsync"/>: its console so far, and where it listens.</summary>
public sealed class RunningPortal : IAsyncDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder output = new();

    internal RunningPortal(Process process, string dataDirectory)
    {
        this.process = process;
        DataDirectory = dataDirectory;
        process.OutputDataReceived += (_, line) => Collect(line.Data);
        process.ErrorDataReceived += (_, line) => Collect(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string DataDirectory { get; }
    public bool HasExited => process.HasExited;
    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>The address from Kestrel's "Now listening on:" line, once it has been printed.</summary>
    public Uri? ListeningOn =>
        System.Text.RegularExpressions.Regex.Match(Output, @"Now listening on: (http://127\.0\.0\.1:\d+)") is { Success: true } m
            ? new Uri(m.Groups[1].Value + "/") : null;

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    /// <summary>Ends the process at once, as <c>kill -9</c> or a lost machine would: nothing it held is tidied up.</summary>
    public async Task KillAsync()
    {
        process.Kill(); // SIGKILL on Linux
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
