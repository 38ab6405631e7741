using System.Security.Claims;
using FspPortal.Web.Extensions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Operations;

/// <summary>Settings "Circuits": how many open pages one person may hold, and how long a dropped page is kept.</summary>
public sealed class LiveCircuitOptions
{
    public const string Section = "Circuits";

    /// <summary>Open portal pages (tabs) one person may have on this server; 0 means no limit.</summary>
    public int MaxPerPerson { get; set; } = 20;

    /// <summary>Pages whose connection dropped that are kept to reconnect to (Blazor's default is 100).</summary>
    public int DisconnectedMax { get; set; } = 200;

    /// <summary>How long such a page is kept (Blazor's default is 3 minutes): a phone on a train gets its page back.</summary>
    public int DisconnectedRetentionSeconds { get; set; } = 180;

    /// <summary>
    /// How often a quiet page and the server ping each other (SignalR's default is 15); each takes the other as gone after
    /// twice as long without a word. A closed tab or a stopped server is seen at once either way; only a silent network
    /// loss is noticed later. Each ping wakes the server, so this sets most of what an idle page costs.
    /// </summary>
    public int KeepAliveSeconds { get; set; } = 60;

    /// <summary>How long the server waits for the browser to answer a script call before the page errors (Blazor's default is 60).</summary>
    public int BrowserCallTimeoutSeconds { get; set; } = 30;
}

/// <summary>
/// Every live circuit (open page) on this server, counted by person: the figures on the System page, the
/// <c>fsp.circuits</c> meter, and the per-person limit. A singleton; <see cref="CircuitLimit"/> reports to it.
/// </summary>
public sealed class LiveCircuits
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> perPerson = [];
    private int count;

    /// <summary>Open pages on this server, those refused for the limit included.</summary>
    public int Count { get { lock (gate) return count; } }

    /// <summary>People with at least one page open.</summary>
    public int People { get { lock (gate) return perPerson.Count; } }

    /// <summary>Counts a newly opened page. False when its person already has <paramref name="max"/> open (not counted for them).</summary>
    public bool Open(string? userId, int max)
    {
        lock (gate)
        {
            count++;
            PortalTelemetry.CircuitOpened();
            if (userId is null) return true;
            var open = perPerson.GetValueOrDefault(userId);
            if (max > 0 && open >= max) return false;
            perPerson[userId] = open + 1;
            return true;
        }
    }

    public void Close(string? userId, bool countedForPerson)
    {
        lock (gate)
        {
            count--;
            PortalTelemetry.CircuitClosed();
            if (userId is null || !countedForPerson || !perPerson.TryGetValue(userId, out var open)) return;
            if (open <= 1) perPerson.Remove(userId);
            else perPerson[userId] = open - 1;
        }
    }
}

/// <summary>
/// One circuit's place in <see cref="LiveCircuits"/>. A page opened beyond the person's limit shows only "too many portal
/// tabs" (the layout asks <see cref="TooManyTabs"/>): it loads no data and listens for nothing, so a forgotten pile of
/// tabs cannot hold a server's memory. Runs first among the circuit handlers, before any page renders.
/// </summary>
public sealed class CircuitLimit(LiveCircuits live, AuthenticationStateProvider authentication, IOptions<LiveCircuitOptions> options)
    : CircuitHandler
{
    private string? userId;
    private bool opened;

    public override int Order => -1000;

    public bool TooManyTabs { get; private set; }

    public int MaxPerPerson => options.Value.MaxPerPerson;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        userId = (await authentication.GetAuthenticationStateAsync()).User.FindFirstValue(ClaimTypes.NameIdentifier);
        TooManyTabs = !live.Open(userId, options.Value.MaxPerPerson);
        opened = true;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (opened) live.Close(userId, countedForPerson: !TooManyTabs);
        opened = false;
        return Task.CompletedTask;
    }
}
