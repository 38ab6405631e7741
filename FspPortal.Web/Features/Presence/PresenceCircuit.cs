using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace FspPortal.Web.Features.Presence;

/// <summary>
/// One browser tab's presence entries (scoped to its circuit). When the tab's connection drops, its people are shown as
/// gone at once, and again as here when it reconnects; when the circuit ends (tab closed), every entry leaves.
/// </summary>
public sealed class PresenceCircuit(PlanPresence presence) : CircuitHandler, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, PresenceEntry> entries = new();

    public async Task<PresenceEntry?> JoinAsync(Guid planId, string userId, string name, string activity, Func<PresenceUpdate, Task> onUpdate)
    {
        var entry = await presence.JoinAsync(planId, userId, name, activity, onUpdate);
        if (entry is not null) entries[entry.Id] = entry;
        return entry;
    }

    public async Task LeaveAsync(PresenceEntry entry)
    {
        entries.TryRemove(entry.Id, out _);
        await entry.DisposeAsync();
    }

    public override async Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        foreach (var entry in entries.Values) await entry.HideAsync();
    }

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        foreach (var entry in entries.Values) await entry.ShowAsync();
    }

    public override async Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in entries.Values) await entry.DisposeAsync();
        entries.Clear();
    }
}
