using System.Collections.Concurrent;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Presence;
using FspPortal.Web.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FspPortal.Tests.Presence;

/// <summary>
/// Presence through the real service and notifier: who else is on a plan, told live; a stranger neither shown nor told;
/// gone at once on leaving or when the connection drops, back when it returns; another server's people forgotten after
/// the expiry (machine time) once that server falls silent; a save said at once to the others, never to its author.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PresenceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private PortalFactory portal = default!;
    private string samId = "", beaId = "", sidId = "";
    private Guid planId;

    public async Task InitializeAsync()
    {
        // Presence runs on the machine's clock: a heartbeat a second and a 3-second expiry keep this test short.
        portal = new PortalFactory(clock: clock, settings: new Dictionary<string, string?>
        {
            ["Presence:HeartbeatSeconds"] = "1", ["Presence:ExpirySeconds"] = "3",
        });
        samId = (await portal.CreateUserAsync("sam@school.example.org", "correct horse battery staple", "Sam Hughes")).Id;
        beaId = (await portal.CreateUserAsync("bea@hub.example.org", "correct horse battery staple", "Bea Next")).Id;
        sidId = (await portal.CreateUserAsync("sid@elsewhere.example.org", "correct horse battery staple", "Sid Stranger")).Id;
        planId = await portal.AddAsync(PlanSeeder.Completed(samId, new DateTime(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc)),
            extraMembers: [new PlanMember(beaId, PlanRole.TeamAroundFamily, true)]);
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private PlanPresence Presence => portal.Services.GetRequiredService<PlanPresence>();

    private sealed class Heard
    {
        public ConcurrentQueue<PresenceUpdate> Updates { get; } = new();
        public Task Take(PresenceUpdate update) { Updates.Enqueue(update); return Task.CompletedTask; }
        public IReadOnlyList<string> Latest => Updates.LastOrDefault()?.Others.Select(o => o.Words).ToList() ?? [];
    }

    [Fact]
    public async Task People_on_a_plan_see_each_other_live_a_stranger_is_neither_shown_nor_told_and_a_save_is_told_to_the_others()
    {
        var sam = new Heard();
        var bea = new Heard();
        var sid = new Heard();
        await using var samEntry = await Presence.JoinAsync(planId, samId, "Sam Hughes", "viewing", sam.Take);
        Assert.NotNull(samEntry);
        Assert.Null(await Presence.JoinAsync(planId, sidId, "Sid Stranger", "viewing", sid.Take));
        Assert.Null(await Presence.JoinAsync(Guid.NewGuid(), samId, "Sam Hughes", "viewing", sam.Take)); // no such plan

        var beaEntry = await Presence.JoinAsync(planId, beaId, "Bea Next", "editing step 3: Family members and important people", bea.Take);
        Assert.NotNull(beaEntry);
        await Eventually.TrueAsync(() => sam.Latest.SequenceEqual(["Bea Next is editing step 3: Family members and important people"]), "Sam to see Bea");
        await Eventually.TrueAsync(() => bea.Latest.SequenceEqual(["Sam Hughes is viewing"]), "Bea to see Sam");

        await beaEntry!.SetActivityAsync("editing step 4: Contacts, key information and services");
        await Eventually.TrueAsync(() => sam.Latest.SequenceEqual(["Bea Next is editing step 4: Contacts, key information and services"]), "Sam to see Bea move on");

        await beaEntry.SavedAsync(4);
        await Eventually.TrueAsync(() => sam.Updates.Any(u => u.Saved is { Step: 4, Name: "Bea Next" }), "Sam to be told of Bea's save");
        await Task.Delay(200);
        Assert.DoesNotContain(bea.Updates, u => u.Saved is not null); // not told of her own save

        await beaEntry.DisposeAsync();
        await Eventually.TrueAsync(() => sam.Latest.Count == 0, "Bea to be gone when her page goes");
        Assert.Empty(sid.Updates);
        Assert.Empty(Presence.Others(planId, samId));
    }

    [Fact]
    public async Task Someone_removed_from_the_plan_while_it_is_open_is_no_longer_shown_nor_told()
    {
        var sam = new Heard();
        var bea = new Heard();
        await using var samEntry = await Presence.JoinAsync(planId, samId, "Sam Hughes", "viewing", sam.Take);
        await using var beaEntry = await Presence.JoinAsync(planId, beaId, "Bea Next", "adding a review", bea.Take);
        await Eventually.TrueAsync(() => bea.Latest.SequenceEqual(["Sam Hughes is viewing"]), "Bea to see Sam");

        var asSam = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, samId)], "test"));
        var beforeRemoval = bea.Updates.Count;
        var removed = await portal.Services.GetRequiredService<FspPortal.Web.Features.Sharing.PlanSharingService>().DetachAsync(planId, asSam, beaId);
        Assert.True(removed.Succeeded, removed.Problem);

        await Eventually.TrueAsync(() => sam.Latest.Count == 0, "Bea gone from Sam's page once she is removed");
        await Eventually.TrueAsync(() => bea.Updates.Skip(beforeRemoval).Any(u => u.Others.Count == 0), "Bea's page told no one is there");
        // Sam moves on: the server hears it (someone still on the plan would be told), Bea's page is not told.
        await samEntry!.SetActivityAsync("editing step 2: Focus child and main parent");
        await Eventually.TrueAsync(() => Presence.Others(planId, beaId).Any(p => p.Activity.StartsWith("editing step 2", StringComparison.Ordinal)),
            "the server to hear Sam's new activity");
        await Task.Delay(300);
        Assert.DoesNotContain(bea.Updates, u => u.Others.Any(p => p.Activity.StartsWith("editing step 2", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_dropped_connection_shows_the_person_gone_at_once_and_back_when_it_returns()
    {
        var sam = new Heard();
        await using var samEntry = await Presence.JoinAsync(planId, samId, "Sam Hughes", "viewing", sam.Take);
        var beaTab = new PresenceCircuit(Presence);
        await beaTab.JoinAsync(planId, beaId, "Bea Next", "adding a review", _ => Task.CompletedTask);
        await Eventually.TrueAsync(() => sam.Latest.SequenceEqual(["Bea Next is adding a review"]), "Sam to see Bea");

        await beaTab.OnConnectionDownAsync(null!, default);
        await Eventually.TrueAsync(() => sam.Latest.Count == 0, "Bea gone when her connection drops");
        await beaTab.OnConnectionUpAsync(null!, default);
        await Eventually.TrueAsync(() => sam.Latest.SequenceEqual(["Bea Next is adding a review"]), "Bea back when it returns");
        await beaTab.OnCircuitClosedAsync(null!, default);
        await Eventually.TrueAsync(() => sam.Latest.Count == 0, "Bea gone when her tab closes");
    }

    [Fact]
    public async Task Someone_on_a_server_that_falls_silent_is_forgotten_after_the_expiry_while_this_servers_people_stay()
    {
        var sam = new Heard();
        await using var samEntry = await Presence.JoinAsync(planId, samId, "Sam Hughes", "viewing", sam.Take);
        var notifier = portal.Services.GetRequiredService<IPlanNotifier>();
        // Another server announces Bea once, then stops (crashed): no "gone" ever comes.
        await notifier.SendPresenceAsync([new PresenceSignal("other-server-entry", planId, beaId, "Bea Next", "viewing", PresenceState.Here)]);
        await Eventually.TrueAsync(() => sam.Latest.SequenceEqual(["Bea Next is viewing"]), "Sam to see Bea from the other server");

        clock.Advance(TimeSpan.FromDays(400)); // the portal's business clock does not age anyone
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // a heartbeat or so: still within the 3-second expiry
        Assert.Equal(["Bea Next is viewing"], Presence.Others(planId, samId).Select(p => p.Words));
        await Eventually.TrueAsync(() => sam.Latest.Count == 0, "Bea forgotten after the expiry");
        await Task.Delay(TimeSpan.FromSeconds(3.5)); // past the expiry again: this server's own people are repeated, not forgotten

        // Sam's own page, on this server, is still repeated and shown to others.
        var bea = new Heard();
        await using var beaEntry = await Presence.JoinAsync(planId, beaId, "Bea Next", "viewing", bea.Take);
        Assert.Equal(["Sam Hughes is viewing"], bea.Latest);
    }
}
