using System.Diagnostics;
using System.Net;

namespace FspPortal.Benchmarks.Circuits;

/// <summary>
/// The idle pages and the browserless active practitioners, in a second process (this program run as
/// <c>hold &lt;base address&gt;</c>) so that their client memory and CPU are not counted as the server's, and their work
/// does not queue on the server's thread pool. Told a total on its standard input ("1000"), it opens pages until it holds
/// that many and answers "held 1000 failed 0". Each idle page is Home, signed in as one idle practitioner (the benchmark
/// lifts the per-person limit for them), acknowledging its render batches and answering the keep-alive pings; nothing else.
/// "act 5 &lt;action name&gt;" has every browserless practitioner do that action 5 times at once and answers "samples"
/// with the latencies; "watch 3" opens Home for the first 3 and notes when their tiles change, "report" says when.
/// Sign-in cookies (and each active practitioner's plan) come in the environment.
/// </summary>
public sealed class CircuitHolder : IAsyncDisposable
{
    private const string CookieVariable = "FSP_BENCH_COOKIE";
    private const string ActorsVariable = "FSP_BENCH_ACTORS";
    private readonly Process process;

    private CircuitHolder(Process process) => this.process = process;

    public static CircuitHolder Start(string baseUrl, CookieContainer cookies, IEnumerable<(CookieContainer Cookies, Guid PlanId)> actors)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CircuitHolder).Assembly.Location);
        start.ArgumentList.Add("hold");
        start.ArgumentList.Add(baseUrl);
        start.Environment[CookieVariable] = cookies.GetCookieHeader(new Uri(baseUrl));
        start.Environment[ActorsVariable] = string.Join("\n", actors.Select(a => a.Cookies.GetCookieHeader(new Uri(baseUrl)) + "\t" + a.PlanId));
        return new CircuitHolder(Process.Start(start)!);
    }

    /// <summary>Every browserless practitioner does the action at once; the latencies in milliseconds (infinity: not shown).</summary>
    public async Task<List<double>> ActAsync(string actionName, int repetitions) =>
        ParseSamples(await AskAsync($"act {repetitions} {actionName}", "samples"));

    /// <summary>The first <paramref name="watchers"/> browserless practitioners open Home and note each change of its tiles.</summary>
    public Task WatchAsync(int watchers) => AskAsync($"watch {watchers}", "watching");

    /// <summary>When each watcher's tiles changed (milliseconds since 1970, this machine's clock), per watcher.</summary>
    public async Task<List<List<double>>> ReportAsync() =>
        (await AskAsync("report", "changes")).Split(';', StringSplitOptions.RemoveEmptyEntries).Select(w => ParseSamples(w[1..])).ToList(); // "w" starts each watcher's list

    private static List<double> ParseSamples(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => v == "inf" ? double.PositiveInfinity : double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];

    private async Task<string> AskAsync(string command, string answer)
    {
        await process.StandardInput.WriteLineAsync(command);
        await process.StandardInput.FlushAsync();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(answer)) return line[answer.Length..].Trim();
            Console.WriteLine("  holder: " + line);
        }
        throw new InvalidOperationException("The holder process stopped.");
    }

    public async Task<(int Held, int Failed)> HoldAsync(int total)
    {
        await process.StandardInput.WriteLineAsync(total.ToString());
        await process.StandardInput.FlushAsync();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("held ")) { Console.WriteLine("  holder: " + line); continue; }
            var parts = line.Split(' ');
            return (int.Parse(parts[1]), int.Parse(parts[3]));
        }
        throw new InvalidOperationException("The holder process stopped.");
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30))) process.Kill(entireProcessTree: true);
        await Task.CompletedTask;
        process.Dispose();
    }

    /// <summary>The holder's side: runs until its standard input closes.</summary>
    public static async Task RunHolderAsync(string baseUrl)
    {
        var baseAddress = new Uri(baseUrl);
        var cookies = new CookieContainer();
        cookies.SetCookies(baseAddress, (Environment.GetEnvironmentVariable(CookieVariable) ?? "").Replace("; ", ","));
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, MaxConnectionsPerServer = 16 })
            { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var actors = (Environment.GetEnvironmentVariable(ActorsVariable) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(entry =>
        {
            var (cookieHeader, planId) = (entry.Split('\t')[0], Guid.Parse(entry.Split('\t')[1]));
            var actorCookies = new CookieContainer();
            actorCookies.SetCookies(baseAddress, cookieHeader.Replace("; ", ","));
            var actorHttp = new HttpClient(new SocketsHttpHandler { CookieContainer = actorCookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
            return new CircuitBenchmark.Actor(actorHttp, actorCookies, planId);
        }).ToList();
        var watching = new List<(BlazorCircuit Circuit, List<double> Changes)>();
        var circuits = new List<BlazorCircuit>();
        var failed = 0;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        while (Console.ReadLine() is { } line)
        {
            if (line.StartsWith("act "))
            {
                var parts = line.Split(' ', 3);
                var samples = await CircuitBenchmark.ActBrowserlessAsync(actors, parts[2], int.Parse(parts[1]));
                Console.WriteLine("samples " + string.Join(",", samples.Select(v => double.IsInfinity(v) ? "inf" : v.ToString("F1", invariant))));
                continue;
            }
            if (line.StartsWith("watch "))
            {
                watching = await CircuitBenchmark.WatchHomeAsync(actors.Take(int.Parse(line[6..])));
                Console.WriteLine("watching");
                continue;
            }
            if (line == "report")
            {
                Console.WriteLine("changes " + string.Join(";", watching.Select(w => { lock (w.Changes) return "w" + string.Join(",", w.Changes.Select(v => v.ToString("F1", invariant))); })));
                foreach (var (circuit, _) in watching) await circuit.DisposeAsync();
                watching = [];
                continue;
            }
            var total = int.Parse(line);
            var toOpen = total - circuits.Count;
            var next = 0;
            var progress = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) <= toOpen)
                {
                    try
                    {
                        var circuit = await BlazorCircuit.OpenAsync(http, cookies, "/");
                        lock (circuits) circuits.Add(circuit);
                    }
                    catch (Exception ex)
                    {
                        if (Interlocked.Increment(ref failed) <= 3) Console.WriteLine($"could not open a page: {ex.Message}");
                    }
                    if (progress.Elapsed > TimeSpan.FromSeconds(30)) { lock (circuits) Console.WriteLine($"{circuits.Count:N0} open"); progress.Restart(); }
                }
            }));
            var dropped = circuits.Count(c => !c.IsConnected || c.Error is not null);
            if (dropped > 0) Console.WriteLine($"{dropped} held pages have dropped");
            Console.WriteLine($"held {circuits.Count} failed {failed}");
        }
        foreach (var circuit in circuits) await circuit.DisposeAsync();
        foreach (var actor in actors) actor.Http.Dispose();
    }
}
