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
}
