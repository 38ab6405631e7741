using System.Collections.Concurrent;

namespace FspPortal.Web.Realtime;

/// <summary>What changed on a plan, for the open pages of the people it concerns.</summary>
public enum PlanChangeKind { Content, Status, Review, Reference, Attachment, Detached }

public sealed record PlanChange(Guid PlanId, PlanChangeKind Kind);

/// <summary>
/// Pushes committed plan changes to the open pages (circuits) of the users they concern. A circuit already is a
/// SignalR connection, so components subscribe here instead of opening a hub connection to their own server.
/// Senders pass the recipients from <see cref="Features.Plans.PlanAccess"/>, so a live event reaches no one who
/// could not see the plan. Behind an interface so a Redis-backed fan-out can replace it for several servers.
/// </summary>
public interface IPlanNotifier
{
    /// <summary>Calls <paramref name="onChange"/> for every change sent to <paramref name="userId"/> until disposed.</summary>
    IDisposable Subscribe(string userId, Func<PlanChange, Task> onChange);

    Task NotifyAsync(PlanChange change, IEnumerable<string> userIds);
}

public sealed class InMemoryPlanNotifier(ILogger<InMemoryPlanNotifier> logger) : IPlanNotifier
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Func<PlanChange, Task>>> subscriptions = new();

    public IDisposable Subscribe(string userId, Func<PlanChange, Task> onChange)
    {
        var id = Guid.NewGuid();
        subscriptions.GetOrAdd(userId, _ => new()).TryAdd(id, onChange);
        return new Subscription(() =>
        {
            if (subscriptions.TryGetValue(userId, out var forUser)) forUser.TryRemove(id, out _);
        });
    }

    /// <summary>
    /// Tells every open page of <paramref name="userIds"/> and returns without waiting for them to refresh: a slow or
    /// broken page holds up neither the dispatcher nor anyone else's page.
    /// </summary>
    public Task NotifyAsync(PlanChange change, IEnumerable<string> userIds)
    {
        foreach (var userId in userIds.Distinct())
        {
            if (!subscriptions.TryGetValue(userId, out var forUser)) continue;
            // On the thread pool: a page's handler never runs (not even its synchronous start) on the sender's thread.
            foreach (var handler in forUser.Values) _ = Task.Run(() => TellAsync(handler, change));
        }
        return Task.CompletedTask;
    }

    private async Task TellAsync(Func<PlanChange, Task> handler, PlanChange change)
    {
        try { await handler(change); }
        catch (Exception ex) { logger.LogWarning(ex, "A page failed to take plan change {Change}", change); }
    }

    /// <summary>How many open pages listen for <paramref name="userId"/> (for tests and diagnostics).</summary>
    public int CountFor(string userId) => subscriptions.TryGetValue(userId, out var forUser) ? forUser.Count : 0;

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? dispose = dispose;
        public void Dispose() => Interlocked.Exchange(ref dispose, null)?.Invoke();
    }
}
