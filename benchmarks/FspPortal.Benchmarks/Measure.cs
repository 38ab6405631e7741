using System.Diagnostics;

namespace FspPortal.Benchmarks;

/// <summary>Times one step and prints what it allocated and the process's working set.</summary>
public static class Measure
{
    public static async Task RunAsync(string name, Func<Task<string>> work)
    {
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var process = Process.GetCurrentProcess();
        var watch = Stopwatch.StartNew();
        var summary = await work();
        watch.Stop();
        process.Refresh();
        Console.WriteLine($"\n{name}: {watch.Elapsed.TotalSeconds:F1} s — {summary}");
        Console.WriteLine($"  allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0:F0} MB; managed heap after {GC.GetTotalMemory(false) / 1048576.0:F0} MB; "
            + $"working set {process.WorkingSet64 / 1048576.0:F0} MB (peak {process.PeakWorkingSet64 / 1048576.0:F0} MB)");
    }

    /// <summary>Runs <paramref name="work"/> <paramref name="warmUp"/> times, then <paramref name="runs"/> times timed: the times, sorted.</summary>
    public static async Task<List<double>> TimesAsync<T>(Func<Task<T>> work, int warmUp = 20, int runs = 300)
    {
        for (var i = 0; i < warmUp; i++) await work(); // JIT, query cache, the database's page cache
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await work();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times;
    }

    public static void Percentiles(string what, List<double> sorted, int width = 42) =>
        Console.WriteLine($"  {what.PadRight(width)} p50 {sorted[sorted.Count / 2],6:F2} ms   p95 {sorted[(int)(sorted.Count * 0.95)],6:F2} ms   max {sorted[^1],6:F2} ms");
}
