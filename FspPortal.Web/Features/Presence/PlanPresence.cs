using System.Collections.Concurrent;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Presence;

/// <summary>The <c>Presence</c> settings: how often a server repeats who is on its pages, and when silence means gone.</summary>
public sealed class PresenceOptions
{
    public const string Section = "Presence";
    /// <summary>Each server repeats its open pages' presence this often, so the other servers keep showing them.</summary>
    public int HeartbeatSeconds { get; set; } = 5;
    /// <summary>Someone heard of from another server is taken as gone after this long without a word (that server stopped).</summary>
    public int ExpirySeconds { get; set; } = 15;
}

/// <summary>Someone else with the plan open, and what they are doing ("editing step 3: Family members and important people").</summary>
public sealed record PresentPerson(string UserId, string Name, string Activity)
{
    public string Words => $"{Name} is {Activity}";
}

/// <summary>What a page showing a plan hears: who else is on it now, and (once) that someone saved a step.</summary>
public sealed record PresenceUpdate(IReadOnlyList<PresentPerson> Others, PresenceSignal? Saved);

/// <summary>
/// Who has which plan open, across servers. Each open page (overview, stepper, Add review) joins with what it is doing;
/// the signal goes to every server through the notifier (LISTEN/NOTIFY on PostgreSQL), whose pages on the same plan are
/// told. A page leaving, its tab closing or its connection dropping says "gone" at once (<see cref="PresenceCircuit"/>);
/// a server that stops says nothing, so what it announced expires after <see cref="PresenceOptions.ExpirySeconds"/>.
/// Joining goes through <see cref="PlanAccess"/>: only someone on the plan is shown, or told who else is there.
/// </summary>
public sealed class PlanPresence : IHostedService, IDisposable
{
    private readonly IPlanNotifier notifier;
    private readonly IDbContextFactory<FspDbContext> dbFactory;
    /// <summary>
    /// Presence is liveness in real time, so it keeps the machine's clock, not the portal's <see cref="TimeProvider"/>: a
    /// clock moved by years in a test (or set for a demo) must neither age people out nor fire millions of heartbeats.
    /// </summary>
    private readonly TimeProvider clock = TimeProvider.System;
    private readonly PresenceOptions options;
    private readonly ILogger<PlanPresence> logger;

    /// <summary>This server's open pages that are present now, by entry id.</summary>
    private readonly ConcurrentDictionary<string, PresenceSignal> local = new();
    /// <summary>Everyone heard of (this server's pages included), by plan, then entry, with when they were last heard.</summary>
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, (PresenceSignal Signal, DateTime HeardUtc)>> heard = new();
    /// <summary>Pages that want to know, by plan.</summary>
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, Watcher>> watchers = new();
    private IDisposable? listening;
    private ITimer? heartbeat;

    public PlanPresence(IPlanNotifier notifier, IDbContextFactory<FspDbContext> dbFactory,
        IOptions<PresenceOptions> options, ILogger<PlanPresence> logger)
    {
        this.notifier = notifier;
        this.dbFactory = dbFactory;
        this.options = options.Value;
        this.logger = logger;
        listening = notifier.ListenForPresence(HearAsync);
    }

    private sealed record Watcher(string UserId, string EntryId, Func<PresenceUpdate, Task> OnUpdate);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var every = TimeSpan.FromSeconds(Math.Max(1, options.HeartbeatSeconds));
        heartbeat = clock.CreateTimer(_ => _ = BeatAsync(), null, every, every);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        heartbeat?.Dispose();
        // Say goodbye for every page this server still has, so other servers need not wait for the expiry.
        return SendAsync(local.Values.Select(s => s with { State = PresenceState.Gone }).ToList());
    }

    /// <summary>
    /// Shows <paramref name="userId"/> on the plan doing <paramref name="activity"/>, and tells <paramref name="onUpdate"/> who
    /// else is there whenever that changes. Null (nothing joined, nothing heard) when the person is not on the plan.
    /// </summary>
    public async Task<PresenceEntry?> JoinAsync(Guid planId, string userId, string name, string activity, Func<PresenceUpdate, Task> onUpdate)
    {
        if (!await MayBeOnAsync(planId, userId)) return null;
        var entry = new PresenceEntry(this, new PresenceSignal(Guid.NewGuid().ToString("N"), planId, userId, name, activity, PresenceState.Here));
        watchers.GetOrAdd(planId, _ => new())[entry.Id] = new Watcher(userId, entry.Id, onUpdate);
        // Someone removed from the plan (or whose plan went) while the page is open is neither shown nor told any more,
        // whichever page it is: the access rule is checked again when the plan's people change.
        entry.Changes = notifier.Subscribe(userId, change =>
            (change.PlanId == planId && change.Kind == PlanChangeKind.Detached) || change.Kind == PlanChangeKind.Resync
                ? LeaveIfNoLongerOnAsync(entry, onUpdate) : Task.CompletedTask);
        await entry.ShowAsync();
        // What this server already knows, at once (the others are heard within a heartbeat).
        await onUpdate(new PresenceUpdate(Others(planId, userId), null));
        return entry;
    }

    private async Task<bool> MayBeOnAsync(Guid planId, string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Plans.VisibleTo(db, userId).AnyAsync(p => p.Id == planId);
    }

    private async Task LeaveIfNoLongerOnAsync(PresenceEntry entry, Func<PresenceUpdate, Task> onUpdate)
    {
        if (await MayBeOnAsync(entry.PlanId, entry.UserId)) return;
        await entry.DisposeAsync();
        await onUpdate(new PresenceUpdate([], null));
    }

    /// <summary>Everyone else on the plan now: one line per person, "editing" before "viewing" when they have it open twice.</summary>
    public IReadOnlyList<PresentPerson> Others(Guid planId, string userId)
    {
        if (!heard.TryGetValue(planId, out var entries)) return [];
        return entries.Values.Select(e => e.Signal).Where(s => s.UserId != userId)
            .GroupBy(s => s.UserId)
            .Select(g => g.OrderBy(s => s.Activity.StartsWith("viewing", StringComparison.Ordinal) ? 1 : 0).First())
            .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .Select(s => new PresentPerson(s.UserId, s.Name, s.Activity)).ToList();
    }

    internal Task ShowAsync(PresenceSignal signal)
    {
        local[signal.EntryId] = signal;
        return SendAsync([signal]);
    }

    internal Task HideAsync(PresenceSignal signal)
    {
        local.TryRemove(signal.EntryId, out _);
        return SendAsync([signal with { State = PresenceState.Gone }]);
    }

    internal Task LeaveAsync(PresenceSignal signal)
    {
        if (watchers.TryGetValue(signal.PlanId, out var forPlan)) forPlan.TryRemove(signal.EntryId, out _);
        return HideAsync(signal);
    }

    internal Task SavedAsync(PresenceSignal signal, int step) => SendAsync([signal with { State = PresenceState.Saved, Step = step }]);

    private async Task SendAsync(IReadOnlyList<PresenceSignal> signals)
    {
        if (signals.Count == 0) return;
        try { await notifier.SendPresenceAsync(signals); }
        catch (Exception ex) { logger.LogWarning(ex, "Presence could not be sent; it is sent again with the next heartbeat."); }
    }

    /// <summary>Repeats this server's pages (others keep showing them) and forgets what another server stopped repeating.</summary>
    private async Task BeatAsync()
    {
        await SendAsync(local.Values.ToList());
        var before = clock.GetUtcNow().UtcDateTime.AddSeconds(-Math.Max(options.ExpirySeconds, options.HeartbeatSeconds * 2));
        foreach (var (planId, entries) in heard)
        {
            var expired = entries.Where(e => e.Value.HeardUtc < before && !local.ContainsKey(e.Key)).Select(e => e.Key).ToList();
            foreach (var id in expired) entries.TryRemove(id, out _);
            if (expired.Count > 0) Tell(planId, null);
        }
    }

    private Task HearAsync(IReadOnlyList<PresenceSignal> signals)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = new HashSet<Guid>();
        foreach (var signal in signals)
        {
            if (signal.State == PresenceState.Saved)
            {
                Tell(signal.PlanId, signal);
                continue;
            }
            var entries = heard.GetOrAdd(signal.PlanId, _ => new());
            if (signal.State == PresenceState.Gone)
            {
                if (entries.TryRemove(signal.EntryId, out _)) changed.Add(signal.PlanId);
                continue;
            }
            var isNew = !entries.TryGetValue(signal.EntryId, out var before) || before.Signal != signal;
            entries[signal.EntryId] = (signal, now);
            if (isNew) changed.Add(signal.PlanId);
        }
        foreach (var planId in changed) Tell(planId, null);
        return Task.CompletedTask;
    }

    /// <summary>Tells each page on the plan who else is there (and about a save by someone else), without waiting on any of them.</summary>
    private void Tell(Guid planId, PresenceSignal? saved)
    {
        if (!watchers.TryGetValue(planId, out var forPlan)) return;
        foreach (var watcher in forPlan.Values)
        {
            if (saved is not null && saved.UserId == watcher.UserId) continue; // your own save is no news to you
            var update = new PresenceUpdate(Others(planId, watcher.UserId), saved);
            _ = Task.Run(async () =>
            {
                try { await watcher.OnUpdate(update); }
                catch (Exception ex) { logger.LogDebug(ex, "A page could not take a presence update"); }
            });
        }
    }

    public void Dispose()
    {
        heartbeat?.Dispose();
        listening?.Dispose();
        listening = null;
    }
}

/// <summary>One open page on one plan. Dispose when the page goes (it is shown as gone at once).</summary>
public sealed class PresenceEntry(PlanPresence presence, PresenceSignal signal) : IAsyncDisposable
{
    private PresenceSignal signal = signal;
    private bool shown;
    private bool left;
    public string Id => signal.EntryId;
    public Guid PlanId => signal.PlanId;
    public string UserId => signal.UserId;
    /// <summary>The person's plan changes, heard to check they are still on the plan; ends when the entry does.</summary>
    internal IDisposable? Changes { get; set; }

    /// <summary>What the page is doing now ("editing step 4: …").</summary>
    public Task SetActivityAsync(string activity)
    {
        if (left || signal.Activity == activity) return Task.CompletedTask;
        signal = signal with { Activity = activity };
        return shown ? presence.ShowAsync(signal) : Task.CompletedTask;
    }

    public Task ShowAsync()
    {
        if (left) return Task.CompletedTask;
        shown = true;
        return presence.ShowAsync(signal);
    }

    /// <summary>The page's connection dropped: shown as gone until it is back.</summary>
    public Task HideAsync()
    {
        if (left || !shown) return Task.CompletedTask;
        shown = false;
        return presence.HideAsync(signal);
    }

    /// <summary>Tells everyone else on the plan, at once, that this page has just saved <paramref name="step"/>.</summary>
    public Task SavedAsync(int step) => left ? Task.CompletedTask : presence.SavedAsync(signal, step);

    public async ValueTask DisposeAsync()
    {
        if (left) return;
        left = true;
        Changes?.Dispose();
        await presence.LeaveAsync(signal);
    }
}
