using System.Collections.Concurrent;
using System.Security.Claims;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Sharing;
using FspPortal.Web.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FspPortal.Tests.Web;

/// <summary>
/// Two portal servers on one PostgreSQL database: a change committed on one reaches the open pages on the other (and
/// on itself) once, through LISTEN/NOTIFY; a server whose listening connection drops listens again and tells its open
/// pages to reload what they show.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSQL")]
public sealed class LiveUpdatesAcrossServersTests : IAsyncLifetime
{
    private PortalFactory first = default!, second = default!;

    public async Task InitializeAsync()
    {
        if (TestDatabase.PostgreSqlServer is null) return; // skipped (PostgreSqlFact)
        first = new PortalFactory();
        _ = first.Services;
        second = new PortalFactory(settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSQL", ["ConnectionStrings:Portal"] = first.ConnectionString,
        });
        await Eventually.TrueAsync(() => Listener(first).ListeningCount == 1 && Listener(second).ListeningCount == 1, "both servers to listen");
    }

    public async Task DisposeAsync()
    {
        if (second is not null) await second.DisposeAsync();
        if (first is not null) await first.DisposeAsync();
    }

    private static PostgresPlanNotifier Listener(PortalFactory server) => server.Services.GetRequiredService<PostgresPlanNotifier>();

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
}
