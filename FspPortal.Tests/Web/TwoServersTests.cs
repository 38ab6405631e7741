using System.Collections.Concurrent;
using System.Security.Claims;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Sharing;
using FspPortal.Web.Data;
using FspPortal.Web.Email;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FspPortal.Tests.Web;

/// <summary>
/// Two portal servers on one PostgreSQL database. A change committed on one reaches the open pages on both once, through
/// LISTEN/NOTIFY, whichever server's dispatcher publishes it; a server whose listening connection drops listens again
/// and tells its open pages to reload; an email goes out once though both dispatchers see it; a sign-in holds on both
/// and a sign-out on one ends it on both. (The dispatchers run when the test says, both at once, not on their timers.)
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSQL")]
public sealed class TwoServersTests : IAsyncLifetime
{
    private PortalFactory first = default!, second = default!;
    private readonly CountingTransport delivered = new();

    public async Task InitializeAsync()
    {
        if (TestDatabase.PostgreSqlServer is null) return; // skipped (PostgreSqlFact)
        first = new PortalFactory(settings: new Dictionary<string, string?> { ["Outbox:DispatchEnabled"] = "false" },
            services: services => services.AddSingleton<IEmailTransport>(delivered));
        _ = first.Services;
        second = new PortalFactory(settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSQL", ["ConnectionStrings:Portal"] = first.ConnectionString, ["Outbox:DispatchEnabled"] = "false",
        }, services: services => services.AddSingleton<IEmailTransport>(delivered));
        try
        {
            await Eventually.TrueAsync(() => Listener(first).ListeningCount == 1 && Listener(second).ListeningCount == 1, "both servers to listen");
        }
        catch
        {
            await DisposeAsync(); // no server (or database) left behind by a failed start
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (second is not null) await second.DisposeAsync();
        if (first is not null) await first.DisposeAsync();
    }

    private static PostgresPlanNotifier Listener(PortalFactory server) => server.Services.GetRequiredService<PostgresPlanNotifier>();

    /// <summary>Both servers' dispatchers at once, as their timers could well do.</summary>
    private Task DispatchOnBothAsync() => Task.WhenAll(
        Task.Run(() => first.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync()),
        Task.Run(() => second.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync()));

    private static ConcurrentQueue<PlanChange> Hear(PortalFactory server, string userId, List<IDisposable> subscriptions)
    {
        var heard = new ConcurrentQueue<PlanChange>();
        subscriptions.Add(server.Services.GetRequiredService<IPlanNotifier>().Subscribe(userId, change =>
        {
            heard.Enqueue(change);
            return Task.CompletedTask;
        }));
        return heard;
    }

    [PostgreSqlFact]
    public async Task A_change_committed_on_one_server_reaches_open_pages_on_both_once_and_no_one_else()
    {
        var sam = await first.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes");
        var tom = await first.CreateUserAsync("tom@hub.example.org", "tangerine bicycle under moonlight", "Tom Next");
        var ann = await first.CreateUserAsync("ann@hub.example.org", "tangerine bicycle under moonlight", "Ann Other");
        var planId = await first.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-2)));
        List<IDisposable> subscriptions = [];
        var samOnSecond = Hear(second, sam.Id, subscriptions);
        var samOnFirst = Hear(first, sam.Id, subscriptions);
        var tomOnSecond = Hear(second, tom.Id, subscriptions);
        var annOnSecond = Hear(second, ann.Id, subscriptions);

        var asSam = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, sam.Id), new Claim(ClaimTypes.Name, sam.Email!)], "test"));
        Assert.True((await first.Services.GetRequiredService<PlanSharingService>().AttachAsync(planId, asSam, tom.Id)).Succeeded);
        await DispatchOnBothAsync();

        await Eventually.TrueAsync(() => samOnSecond.Count >= 1 && samOnFirst.Count >= 1 && tomOnSecond.Count >= 1, "the attachment on both servers");
        // A second, later change: by the time it is heard, a duplicate of the first would have been too.
        await first.Services.GetRequiredService<IPlanNotifier>().NotifyAsync(new PlanChange(planId, PlanChangeKind.Content), [sam.Id]);
        await Eventually.TrueAsync(() => samOnSecond.Count >= 2 && samOnFirst.Count >= 2, "the second change on both servers");

        Assert.Equal([new PlanChange(planId, PlanChangeKind.Attachment), new PlanChange(planId, PlanChangeKind.Content)], samOnSecond);
        Assert.Equal([new PlanChange(planId, PlanChangeKind.Attachment), new PlanChange(planId, PlanChangeKind.Content)], samOnFirst);
        Assert.Equal([new PlanChange(planId, PlanChangeKind.Attachment)], tomOnSecond);
        Assert.Empty(annOnSecond); // not on the plan: hears nothing
        subscriptions.ForEach(s => s.Dispose());
    }

    [PostgreSqlFact]
    public async Task Presence_on_one_server_shows_on_the_other_and_a_save_there_is_told_here()
    {
        var sam = await first.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes");
        var bea = await first.CreateUserAsync("bea@hub.example.org", "tangerine bicycle under moonlight", "Bea Next");
        var planId = await first.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-2)),
            extraMembers: [new FspPortal.Domain.Plans.PlanMember(bea.Id, FspPortal.Domain.Plans.PlanRole.TeamAroundFamily, true)]);
        var samHeard = new ConcurrentQueue<FspPortal.Web.Features.Presence.PresenceUpdate>();
        await using var samOnFirst = await first.Services.GetRequiredService<FspPortal.Web.Features.Presence.PlanPresence>()
            .JoinAsync(planId, sam.Id, "Sam Hughes", "viewing", u => { samHeard.Enqueue(u); return Task.CompletedTask; });
        var beaOnSecond = await second.Services.GetRequiredService<FspPortal.Web.Features.Presence.PlanPresence>()
            .JoinAsync(planId, bea.Id, "Bea Next", "editing step 5: Family's Story", _ => Task.CompletedTask);

        await Eventually.TrueAsync(() => samHeard.LastOrDefault()?.Others.SingleOrDefault()?.Words == "Bea Next is editing step 5: Family's Story",
            "Sam, on the first server, to see Bea on the second");
        await beaOnSecond!.SavedAsync(5);
        await Eventually.TrueAsync(() => samHeard.Any(u => u.Saved is { Step: 5, Name: "Bea Next" }), "Sam to be told of Bea's save on the other server");
        await beaOnSecond.DisposeAsync();
        await Eventually.TrueAsync(() => samHeard.LastOrDefault()?.Others.Count == 0, "Bea gone from the first server when she leaves the second");
    }

    [PostgreSqlFact]
    public async Task A_server_whose_listening_connection_drops_listens_again_and_tells_its_pages_to_reload()
    {
        List<IDisposable> subscriptions = [];
        var onSecond = Hear(second, "sam", subscriptions);

        // The database ends the second server's listening connection (as a restart or a network drop would).
        await using (var admin = new NpgsqlConnection(second.ConnectionString))
        {
            await admin.OpenAsync();
            await using var end = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", admin)
            {
                Parameters = { new() { Value = Listener(second).ListenerName } },
            };
            await end.ExecuteNonQueryAsync();
        }

        await Eventually.TrueAsync(() => Listener(second).ListeningCount == 2 && onSecond.Contains(new PlanChange(Guid.Empty, PlanChangeKind.Resync)),
            "the second server to listen again and tell its pages to reload");
        Assert.Equal(1, Listener(first).ListeningCount); // the other server's connection was left alone
        var planId = Guid.NewGuid();
        await first.Services.GetRequiredService<IPlanNotifier>().NotifyAsync(new PlanChange(planId, PlanChangeKind.Status), ["sam"]);
        await Eventually.TrueAsync(() => onSecond.Contains(new PlanChange(planId, PlanChangeKind.Status)), "a later change to reach it again");
        subscriptions.ForEach(s => s.Dispose());
    }

    [PostgreSqlFact]
    public async Task An_email_goes_out_once_though_both_servers_dispatchers_see_it()
    {
        var emails = first.Services.GetRequiredService<IEmailSender>();
        for (var i = 0; i < 20; i++)
            await emails.SendAsync(new EmailMessage($"person{i}@school.example.org", $"Message {i}", "text", "<p>text</p>"));

        await DispatchOnBothAsync();
        await DispatchOnBothAsync();

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"person{i}@school.example.org").Order(), delivered.To.Order());
        await using var db = await first.CreateDbContextAsync();
        Assert.All(await db.OutgoingEmails.ToListAsync(), e => Assert.Equal((EmailStatus.Sent, 1), (e.Status, e.Attempts)));
    }

    [PostgreSqlFact]
    public async Task A_sign_in_on_one_server_holds_on_the_other_and_signing_out_on_one_ends_it_on_both()
    {
        const string email = "pat@school.example.org", password = "correct horse battery staple";
        await first.CreateUserAsync(email, password);
        var client = first.CreatePortalClient();
        await SignIn.PasswordAsync(client, email, password);
        var signedIn = await SignIn.CodeAsync(client, await SignIn.EmailedCodeAsync(first, email));
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("FspPortal.Auth="));
        cookie = cookie[..cookie.IndexOf(';')];

        // The keys that sign cookies and the session records are in the shared database.
        Assert.True(await SignIn.OpensHomeAsync(second, cookie));
        Assert.Equal("/Account/SignedOut", (await SignIn.SignOutAsync(client)).Location());
        Assert.False(await SignIn.OpensHomeAsync(second, cookie));
        Assert.False(await SignIn.OpensHomeAsync(first, cookie));
    }

    /// <summary>Both servers' email service: what it was given to deliver.</summary>
    private sealed class CountingTransport : IEmailTransport
    {
        private readonly ConcurrentQueue<string> to = new();
        public IEnumerable<string> To => to;
        public string Description => "the test's counter";

        public Task DeliverAsync(EmailMessage message, CancellationToken cancellationToken)
        {
            to.Enqueue(message.To);
            return Task.CompletedTask;
        }
    }
}
