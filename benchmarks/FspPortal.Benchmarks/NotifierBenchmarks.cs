using BenchmarkDotNet.Attributes;
using FspPortal.Web.Realtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace FspPortal.Benchmarks;

/// <summary>
/// 1,000 open dashboards (one subscription each, as Home makes); one plan event published to its 5 attached users.
/// Target: median under 5 ms, and the other 995 subscribers untouched (checked after the run).
/// </summary>
[MemoryDiagnoser, MedianColumn]
public class NotifierBenchmarks
{
    private readonly InMemoryPlanNotifier notifier = new(NullLogger<InMemoryPlanNotifier>.Instance);
    private readonly int[] calls = new int[1000];
    private readonly List<IDisposable> subscriptions = [];
    private string[] attached = [];
    private readonly PlanChange change = new(Guid.NewGuid(), PlanChangeKind.Status);

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < calls.Length; i++)
        {
            var index = i;
            // Like a page: hand the work to the circuit's dispatcher and return.
            subscriptions.Add(notifier.Subscribe($"user-{i}", _ => { Interlocked.Increment(ref calls[index]); return Task.CompletedTask; }));
        }
        attached = [.. Enumerable.Range(0, 5).Select(i => $"user-{i * 199}")];
    }

    [Benchmark(Description = "Publish one plan event to its 5 users among 1,000 dashboards")]
    public Task Publish() => notifier.NotifyAsync(change, attached);

    [GlobalCleanup]
    public void Cleanup()
    {
        var touched = calls.Select((count, i) => (count, i)).Where(c => c.count > 0).Select(c => $"user-{c.i}").ToHashSet();
        if (!touched.SetEquals(attached)) throw new InvalidOperationException("An event reached a dashboard it was not for.");
        Console.WriteLine($"// Reached only the 5 attached users' dashboards; the other {calls.Length - 5} were untouched.");
        foreach (var s in subscriptions) s.Dispose();
    }
}
