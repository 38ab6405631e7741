using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Email;
using FspPortal.Web.Features.Sharing;
using FspPortal.Web.Realtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FspPortal.Tests.Audit;

/// <summary>
/// Emails survive an email outage: they are rows committed with the change, sent after it by the dispatcher through a
/// stand-in for the SendGrid API that can be switched off, retried with backoff (on a fake clock), and dispatched once
/// after a crash between commit and dispatch.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EmailOutboxTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> delivered = new();
    private volatile bool sendGridDown;
    private WebApplication fakeSendGrid = default!;
    private string host = "";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        fakeSendGrid = builder.Build();
        fakeSendGrid.MapPost("/v3/mail/send", async (HttpRequest request) =>
        {
            if (sendGridDown) return Results.StatusCode((int)HttpStatusCode.ServiceUnavailable);
            using var reader = new StreamReader(request.Body);
            delivered.Enqueue(await reader.ReadToEndAsync());
            return Results.Accepted();
        });
        await fakeSendGrid.StartAsync();
        host = fakeSendGrid.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync() => await fakeSendGrid.DisposeAsync();

    private PortalFactory Portal(string? dataDirectory = null, bool dispatch = true) => new(dataDirectory, clock: clock, settings: new Dictionary<string, string?>
    {
        ["Email:SendGridApiKey"] = "SG.test-key", ["Email:SendGridHost"] = host, ["Outbox:DispatchEnabled"] = dispatch ? "true" : "false",
    });

    private static async Task<List<OutgoingEmail>> EmailsAsync(PortalFactory portal, string to)
    {
        await using var db = await portal.CreateDbContextAsync();
        return await db.OutgoingEmails.AsNoTracking().Where(e => e.To == to).OrderBy(e => e.Id).ToListAsync();
    }

    private static ClaimsPrincipal As(ApplicationUser user) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.Email!)], "test"));

    [Fact]
    public async Task With_the_email_service_down_the_change_is_committed_and_its_email_is_sent_once_the_service_recovers()
    {
        await using var portal = Portal();
        var sam = await portal.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes");
        var bea = await portal.CreateUserAsync("bea@hub.example.org", "tangerine bicycle under moonlight", "Bea Team");
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam.Id, clock.GetUtcNow().UtcDateTime.AddDays(-2)));
        sendGridDown = true;

        var result = await portal.Services.GetRequiredService<PlanSharingService>().AttachAsync(planId, As(sam), bea.Id);

        Assert.True(result.Succeeded); // the practitioner sees no error: the change stands
        // The attempt is counted when a dispatcher claims the email, its error once it has failed.
        await Eventually.TrueAsync(async () => (await EmailsAsync(portal, bea.Email!)).Single() is { Attempts: 1, LastError: not null }, "the first attempt to fail");
        var failed = (await EmailsAsync(portal, bea.Email!)).Single();
        Assert.Equal(EmailStatus.Queued, failed.Status);
        Assert.Contains("503", failed.LastError);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(1), failed.NextAttemptUtc); // backoff: 1 minute, then 5, 30, every 3 hours

        sendGridDown = false;
        clock.Advance(TimeSpan.FromMinutes(1));
        portal.Services.GetRequiredService<OutboxSignal>().Wake();

        await Eventually.TrueAsync(async () => (await EmailsAsync(portal, bea.Email!)).Single().Status == EmailStatus.Sent, "the retry to be sent");
        Assert.Equal(2, (await EmailsAsync(portal, bea.Email!)).Single().Attempts);
        Assert.Single(delivered, body => body.Contains("bea@hub.example.org") && body.Contains("added to a Family Support Plan"));
    }

    [Fact]
    public async Task An_email_that_keeps_failing_for_three_days_is_marked_failed_for_admins()
    {
        await using var portal = Portal();
        sendGridDown = true;
        await portal.Services.GetRequiredService<IEmailSender>().SendAsync(new EmailMessage("pat@school.example.org", "Hello", "text", "<p>text</p>"));
        var dispatcher = portal.Services.GetRequiredService<OutboxDispatcher>();
        // Each pass fails; jump the clock to the next attempt it scheduled, until it gives up (a bound keeps a bug from looping).
        for (var pass = 0; pass < 100 && (await EmailsAsync(portal, "pat@school.example.org")).Single() is { Status: EmailStatus.Queued } waiting; pass++)
        {
            clock.SetUtcNow(waiting.NextAttemptUtc);
            await dispatcher.DispatchOnceAsync();
        }
        var given = (await EmailsAsync(portal, "pat@school.example.org")).Single();
        Assert.Equal(EmailStatus.Failed, given.Status);
        Assert.True(given.Attempts >= 20, $"only {given.Attempts} attempts"); // 1, 5, 30 min, then every 3 h for 3 days
        Assert.True(clock.GetUtcNow().UtcDateTime - given.QueuedUtc <= EmailOutbox.GiveUpAfter + TimeSpan.FromHours(3));
        Assert.Contains("503", given.LastError);
        Assert.Empty(delivered);
    }

    [Fact]
    public async Task A_crash_between_commit_and_dispatch_loses_nothing_and_sends_nothing_twice()
    {
        string dataDirectory;
        Guid planId;
        var crashed = Portal(dispatch: false); // a process that dies right after its commits (its data folder stays)
        try
        {
            dataDirectory = crashed.DataDirectory;
            var sam = await crashed.CreateUserAsync("sam@school.example.org", "tangerine bicycle under moonlight", "Sam Hughes");
            var bea = await crashed.CreateUserAsync("bea@hub.example.org", "tangerine bicycle under moonlight", "Bea Team");
            planId = await crashed.AddAsync(PlanSeeder.Completed(sam.Id, clock.GetUtcNow().UtcDateTime.AddDays(-2)));
            Assert.True((await crashed.Services.GetRequiredService<PlanSharingService>().AttachAsync(planId, As(sam), bea.Id)).Succeeded);
            await using (var db = await crashed.CreateDbContextAsync())
            {
                Assert.Equal(EmailStatus.Queued, (await db.OutgoingEmails.SingleAsync()).Status);
                Assert.Equal(1, await db.PendingNotifications.CountAsync());
            }
        }
        finally { await crashed.StopKeepingDataAsync(); }
        Assert.Empty(delivered);

        await using var restarted = Portal(dataDirectory); // disposing it removes the shared data folder
        _ = restarted.Server;
        await Eventually.TrueAsync(async () => (await EmailsAsync(restarted, "bea@hub.example.org")).Single().Status == EmailStatus.Sent, "the email left behind to be sent");
        await using (var db = await restarted.CreateDbContextAsync())
            await Eventually.TrueAsync(async () => !await db.PendingNotifications.AnyAsync(), "the notification left behind to be published");
        await restarted.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(); // another pass finds nothing more to send
        Assert.Single(delivered);
    }

    [Fact]
    public async Task Signing_in_while_the_email_service_is_down_says_the_code_is_on_its_way_and_it_arrives_when_the_service_recovers()
    {
        await using var portal = Portal();
        await portal.CreateUserAsync("pat@school.example.org", "correct horse battery staple");
        sendGridDown = true;
        var client = portal.CreatePortalClient();

        var afterPassword = await SignIn.PasswordAsync(client, "pat@school.example.org", "correct horse battery staple");
        Assert.StartsWith("/Account/LoginWithCode", afterPassword.Location());
        var codePage = await client.GetAsync(afterPassword.Location());
        Assert.Equal(HttpStatusCode.OK, codePage.StatusCode);
        Assert.Contains("on its way", await codePage.Content.ReadAsStringAsync());
        // Waits for the failed attempt to be written (its error and next try), not just claimed: moving the clock while the
        // dispatcher is between the claim and the write would schedule the retry from the moved clock, past the jump.
        await Eventually.TrueAsync(async () => (await EmailsAsync(portal, "pat@school.example.org")).Single().LastError is not null, "the first attempt to fail");
        var waiting = (await EmailsAsync(portal, "pat@school.example.org")).Single();
        Assert.Equal(EmailStatus.Queued, waiting.Status);
        Assert.Empty(delivered);

        sendGridDown = false;
        clock.SetUtcNow(waiting.NextAttemptUtc);
        portal.Services.GetRequiredService<OutboxSignal>().Wake();
        await Eventually.TrueAsync(() => !delivered.IsEmpty, "the code to reach SendGrid");
        var code = FormClient.SignInCode().Match(System.Text.RegularExpressions.Regex.Unescape(delivered.Single())).Groups[1].Value;
        var afterCode = await SignIn.CodeAsync(client, code);
        Assert.Equal("/", afterCode.Location());
    }
}
