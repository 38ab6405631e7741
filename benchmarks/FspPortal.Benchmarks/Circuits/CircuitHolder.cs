using System.Diagnostics;
using System.Net;

namespace FspPortal.Benchmarks.Circuits;

/// <summary>
/// The idle pages, held by a second process (this program run as <c>hold &lt;base address&gt;</c>) so that their client
/// memory is not counted as the server's. Told a total on its standard input ("1000"), it opens pages until it holds that
/// many and answers "held 1000 failed 0". The sign-in cookie comes in the environment. Each page is Home, signed in as one
/// idle practitioner (the benchmark lifts the per-person limit for them), acknowledging its render batches and answering
/// the keep-alive pings; nothing else.
/// </summary>
public sealed class CircuitHolder : IAsyncDisposable
{
    private const string CookieVariable = "FSP_BENCH_COOKIE";
    private readonly Process process;

    private CircuitHolder(Process process) => this.process = process;

    public static CircuitHolder Start(string baseUrl, CookieContainer cookies)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CircuitHolder).Assembly.Location);
        start.ArgumentList.Add("hold");
        start.ArgumentList.Add(baseUrl);
        start.Environment[CookieVariable] = cookies.GetCookieHeader(new Uri(baseUrl));
        return new CircuitHolder(Process.Start(start)!);
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
        var circuits = new List<BlazorCircuit>();
        var failed = 0;
        while (Console.ReadLine() is { } line)
        {
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
    }
}
