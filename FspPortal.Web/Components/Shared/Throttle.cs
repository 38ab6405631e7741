namespace FspPortal.Web.Components.Shared;

/// <summary>
/// Runs an action at most once per <c>window</c>: at once when the last run is older than that (a single keystroke is
/// answered without waiting), otherwise once when the window ends, with whatever is current then (a burst of typing
/// makes one more run, not one per key). Search as you type uses it: a debounce made every search wait its full delay.
/// </summary>
public sealed class Throttle(TimeSpan window, TimeProvider clock, Func<Task> run) : IDisposable
{
    private readonly Lock gate = new();
    private DateTimeOffset lastRun = DateTimeOffset.MinValue;
    private ITimer? pending;

    public Task RequestAsync()
    {
        lock (gate)
        {
            if (pending is not null) return Task.CompletedTask; // the run at the window's end will see this request
            var now = clock.GetUtcNow();
            var wait = lastRun + window - now;
            if (wait > TimeSpan.Zero)
            {
                pending = clock.CreateTimer(_ => _ = RunPendingAsync(), null, wait, Timeout.InfiniteTimeSpan);
                return Task.CompletedTask;
            }
            lastRun = now;
        }
        return run();
    }

    private Task RunPendingAsync()
    {
        lock (gate)
        {
            pending?.Dispose();
            pending = null;
            lastRun = clock.GetUtcNow();
        }
        return run();
    }

    public void Dispose()
    {
        lock (gate)
        {
            pending?.Dispose();
            pending = null;
        }
    }
}
