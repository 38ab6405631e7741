using System.Net;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Account;
using FspPortal.Web.Features.Admin;
using FspPortal.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FspPortal.Tests.Web;

/// <summary>
/// Server-side sessions: the cookie carries only a session key, so ending a session is real. The review saw a copied
/// cookie still open a plan after sign-out, for up to 8 hours.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SessionTests : IAsyncLifetime
{
    private const string Email = "pat@school.example.org";
    private const string Password = "correct horse battery staple";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private PortalFactory portal = default!;
    private Actor admin = default!;
    private string userId = "";

    public async Task InitializeAsync()
    {
        portal = new PortalFactory(clock: clock);
        userId = (await portal.CreateUserAsync(Email, Password)).Id;
        var created = await portal.CreateUserAsync("admin@council.example.org", "quiet river lantern meadow", "Ada Admin", admin: true);
        admin = new Actor(created.Id, created.Email);
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task After_sign_out_a_copied_cookie_opens_nothing()
    {
        var (client, cookie) = await SignInAsync();
        Assert.True(await OpensHomeAsync(cookie));

        Assert.Equal("/Account/SignedOut", (await SignIn.SignOutAsync(client)).Location());

        Assert.False(await OpensHomeAsync(cookie));
        await using var db = await portal.CreateDbContextAsync();
        Assert.Empty(await db.UserSessions.Where(s => s.UserId == userId).ToListAsync());
    }

    [Fact]
    public async Task Deactivation_ends_the_session_at_once()
    {
        var (_, cookie) = await SignInAsync();
        await portal.Services.GetRequiredService<AdminUserService>().SetActiveAsync(userId, false, admin);
        // No waiting for the 30-second stamp check: the session itself is gone.
        Assert.False(await OpensHomeAsync(cookie));
    }

    [Fact]
    public async Task A_session_ends_after_thirty_idle_minutes_but_lives_while_used_until_eight_hours()
    {
        var (_, idleCookie) = await SignInAsync();
        var (_, busyCookie) = await SignInAsync();
        for (var minutes = 0; minutes < 7 * 60 + 40; minutes += 20)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            Assert.True(await OpensHomeAsync(busyCookie), $"the busy session was refused after {minutes + 20} minutes");
        }
        Assert.False(await OpensHomeAsync(idleCookie));

        clock.Advance(TimeSpan.FromMinutes(21)); // 8 h 1 min after signing in
        Assert.False(await OpensHomeAsync(busyCookie));
    }

    [Fact]
    public async Task An_admin_sees_a_users_sessions_and_ends_one_and_a_new_password_ends_the_rest()
    {
        var (_, first) = await SignInAsync();
        var (_, second) = await SignInAsync();
        var sessions = portal.Services.GetRequiredService<UserSessions>();
        var listed = await sessions.ListAsync(userId);
        Assert.Equal(2, listed.Count);

        var ended = await sessions.EndAsync(userId, listed[0].Id, admin);
        Assert.True(ended.Succeeded);
        Assert.Single(await sessions.ListAsync(userId));
        Assert.NotEqual(await OpensHomeAsync(first), await OpensHomeAsync(second)); // one ended, one still open
        await using (var db = await portal.CreateDbContextAsync())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.SessionsEnded && a.ActorUserId == admin.UserId && a.TargetId == userId));

        // A password reset (someone else may have had the old one) ends every session.
        await portal.CreatePortalClient().SubmitAsync("/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = Email });
        var link = FormClient.PasswordLink().Match((await portal.LatestEmailAsync(Email, "Reset your FSP Portal password")).TextBody).Groups[1].Value;
        var reset = await portal.CreatePortalClient().SubmitAsync(link, "choose-password",
            new() { ["Input.Password"] = "a brand new river of words", ["Input.ConfirmPassword"] = "a brand new river of words" });
        Assert.Contains("Your password has been set", await reset.Content.ReadAsStringAsync());
        Assert.False(await OpensHomeAsync(first));
        Assert.False(await OpensHomeAsync(second));
        Assert.Empty(await sessions.ListAsync(userId));
    }

    /// <summary>Signs in with a fresh client and returns it with its sign-in cookie, as someone copying it would have it.</summary>
    private async Task<(HttpClient Client, string Cookie)> SignInAsync()
    {
        var client = portal.CreatePortalClient();
        var before = portal.Outbox.ReadAll(Email).Count(e => e.Subject.Contains("sign-in code"));
        await SignIn.PasswordAsync(client, Email, Password);
        var code = await SignIn.EmailedCodeAsync(portal, Email, before + 1);
        var signedIn = await SignIn.CodeAsync(client, code);
        Assert.Equal("/", signedIn.Location());
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("FspPortal.Auth="));
        return (client, cookie[..cookie.IndexOf(';')]);
    }

    private Task<bool> OpensHomeAsync(string cookie) => SignIn.OpensHomeAsync(portal, cookie);
}
