using System.Collections.Concurrent;

namespace FspPortal.Web.Realtime;

/// <summary>
/// What changed on a plan, for the open pages of the people it concerns. <see cref="Resync"/> (no plan) tells every open
/// page to reload what it shows: changes may have been missed (a server's live-update connection dropped).
/// </summary>
public enum PlanChangeKind { Content, Status, Review, Reference, Attachment, Detached, Resync }

public sealed record PlanChange(Guid PlanId, PlanChangeKind Kind);

public enum PresenceState { Here, Gone, Saved }

/// <summary>
/// One open page's presence on a plan (<see cref="Features.Presence.PlanPresence"/>): here (with what it is doing), gone,
/// or "saved step N" the moment its save committed. Sent to every server; never stored.
/// </summary>
public sealed record PresenceSignal(string EntryId, Guid PlanId, string UserId, string Name, string Activity, PresenceState State, int? Step = null);

/// <summary>
/// Pushes committed plan changes to the open pages (circuits) of the users they concern. A circuit already is a
/// SignalR connection, so components subscribe here instead of opening a hub connection to their own server.
/// Senders pass the recipients from <see cref="Features.Plans.PlanAccess"/>, so a live event reaches no one who
/// could not see the plan. On PostgreSQL, <see cref="PostgresPlanNotifier"/> carries changes between servers.
/// </summary>
public interface IPlanNotifier
{
    /// <summary>Calls <paramref name="onChange"/> for every change sent to <paramref name="userId"/> until disposed.</summary>
    IDisposable Subscribe(string userId, Func<PlanChange, Task> onChange);

    Task NotifyAsync(PlanChange change, IEnumerable<string> userIds);

    /// <summary>Calls <paramref name="onSignals"/> with the presence signals every server sends (this one's included) until disposed.</summary>
    IDisposable ListenForPresence(Func<IReadOnlyList<PresenceSignal>, Task> onSignals);

    /// <summary>Sends presence signals to every server's <see cref="ListenForPresence"/>: best effort, small, frequent.</summary>
    Task SendPresenceAsync(IReadOnlyList<PresenceSignal> signals);

    /// <summary>Many changes at once (a night's numbering tells each numbered plan's users): one after another by default.</summary>
    async Task NotifyManyAsync(IEnumerable<(PlanChange Change, IReadOnlyList<string> UserIds)> changes)
    {
        foreach (var (change, userIds) in changes) await NotifyAsync(change, userIds);
    }
}

public sealed class InMemoryPlanNotifier(ILogger<InMemoryPlanNotifier> logger) : IPlanNotifier
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Func<PlanChange, Task>>> subscriptions = new();
    private readonly ConcurrentDictionary<Guid, Func<IReadOnlyList<PresenceSignal>, Task>> presenceListeners = new();

    public IDisposable ListenForPresence(Func<IReadOnlyList<PresenceSignal>, Task> onSignals)
    {
        var id = Guid.NewGuid();
        presenceListeners.TryAdd(id, onSignals);
        return new Subscription(() => presenceListeners.TryRemove(id, out _));
    }

    /// <summary>On one server, sending is hearing: every listener gets the signals on the thread pool.</summary>
    public Task SendPresenceAsync(IReadOnlyList<PresenceSignal> signals)
    {
        foreach (var listener in presenceListeners.Values)
            _ = Task.Run(async () =>
            {
                try { await listener(signals); }
                catch (Exception ex) { logger.LogWarning(ex, "A presence listener failed"); }
            });
        return Task.CompletedTask;
    }

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

    /// <summary>Tells every open page of every user (a resynchronisation after missed changes).</summary>
    public Task NotifyEveryoneAsync(PlanChange change) => NotifyAsync(change, subscriptions.Keys.ToList());

    /// <summary>How many open pages listen for <paramref name="userId"/> (for tests and diagnostics).</summary>
    public int CountFor(string userId) => subscriptions.TryGetValue(userId, out var forUser) ? forUser.Count : 0;

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? dispose = dispose;
        public void Dispose() => Interlocked.Exchange(ref dispose, null)?.Invoke();
    }
}
