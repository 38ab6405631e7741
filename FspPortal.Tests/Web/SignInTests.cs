using System.Net;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Admin;
using FspPortal.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FspPortal.Tests.Web;

/// <summary>Signing in over the real HTTP pipeline and a real SQLite file: password, then the emailed code.</summary>
[Trait("Category", "Integration")]
public sealed class SignInTests : IAsyncLifetime
{
    private const string Email = "pat@school.example.org";
    private const string Password = "correct horse battery staple";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private PortalFactory portal = default!;

    public async Task InitializeAsync()
    {
        portal = new PortalFactory(clock: clock);
        await portal.CreateUserAsync(Email, Password);
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task The_password_alone_does_not_sign_in_the_emailed_code_does()
    {
        var client = portal.CreatePortalClient();

        var afterPassword = await SignIn.PasswordAsync(client, Email, Password);
        Assert.Equal(HttpStatusCode.Redirect, afterPassword.StatusCode);
        Assert.StartsWith("/Account/LoginWithCode", afterPassword.Location());
        Assert.False(await SignIn.IsSignedInAsync(client));

        var code = await SignIn.EmailedCodeAsync(portal, Email);
        var afterCode = await SignIn.CodeAsync(client, code);
        Assert.Equal("/", afterCode.Location());
        Assert.True(await SignIn.IsSignedInAsync(client));

        await using var db = await portal.CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == Email);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, user.LastSignInUtc);
        var actions = await db.AuditEntries.Where(a => a.ActorUserId == user.Id).Select(a => a.Action).ToListAsync();
        Assert.Contains(AuditActions.SignInPassword, actions);
        Assert.Contains(AuditActions.SignInCodeSent, actions);
        Assert.Contains(AuditActions.SignInCode, actions);
    }

    [Fact]
    public async Task A_wrong_code_is_refused_with_a_message_next_to_the_field()
    {
        var client = portal.CreatePortalClient();
        await SignIn.PasswordAsync(client, Email, Password);
        var code = await SignIn.EmailedCodeAsync(portal, Email);
        var wrong = code == "000000" ? "111111" : "000000";

        var response = await SignIn.CodeAsync(client, wrong);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"code-error\"", html);
        Assert.Contains("has been used or has expired", html);
        Assert.False(await SignIn.IsSignedInAsync(client));
    }

    [Fact]
    public async Task A_code_works_once_only_even_replayed_with_the_same_half_signed_in_cookie()
    {
        var client = portal.CreatePortalClient();
        var afterPassword = await SignIn.PasswordAsync(client, Email, Password);
        // What an attacker who copied the browser's cookies after the password step would hold.
        var halfSignedInCookies = afterPassword.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        var code = await SignIn.EmailedCodeAsync(portal, Email);
        Assert.Equal("/", (await SignIn.CodeAsync(client, code)).Location());

        var replay = portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        replay.DefaultRequestHeaders.Add("Cookie", string.Join("; ", halfSignedInCookies));
        var page = await replay.GetAsync("/Account/LoginWithCode");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Enter your sign-in code", html);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var antiforgeryCookie = page.Headers.TryGetValues("Set-Cookie", out var set) ? set.Select(c => c.Split(';')[0]) : [];
        var post = new HttpRequestMessage(HttpMethod.Post, "/Account/LoginWithCode")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "sign-in-code", ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token), ["Input.Code"] = code,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", halfSignedInCookies.Concat(antiforgeryCookie)));
        var second = await replay.SendAsync(post);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode); // the page again, with an error — not a redirect into the portal
        Assert.Contains("has been used or has expired", await second.Content.ReadAsStringAsync());
        Assert.False(second.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("FspPortal.Auth=") && !c.Contains("expires=Thu, 01 Jan 1970")));
    }

    [Fact]
    public async Task A_code_older_than_ten_minutes_is_refused()
    {
        var client = portal.CreatePortalClient();
        await SignIn.PasswordAsync(client, Email, Password);
        var code = await SignIn.EmailedCodeAsync(portal, Email);

        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var response = await SignIn.CodeAsync(client, code);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("has been used or has expired", await response.Content.ReadAsStringAsync());
        Assert.False(await SignIn.IsSignedInAsync(client));
    }

    [Fact]
    public async Task Send_a_new_code_is_rate_limited_and_the_new_code_replaces_the_old()
    {
        var client = portal.CreatePortalClient();
        await SignIn.PasswordAsync(client, Email, Password);
        var first = await SignIn.EmailedCodeAsync(portal, Email);

        var tooSoon = await client.SubmitAsync("/Account/LoginWithCode", "resend-code", []);
        Assert.Contains("You can ask for another in", await tooSoon.Content.ReadAsStringAsync());
        Assert.Single(portal.Outbox.ReadAll(Email));

        clock.Advance(TimeSpan.FromSeconds(61));
        var resent = await client.SubmitAsync("/Account/LoginWithCode", "resend-code", []);
        Assert.Contains("We have sent a new code", await resent.Content.ReadAsStringAsync());
        var second = await SignIn.EmailedCodeAsync(portal, Email, expectedCount: 2);

        Assert.NotEqual(first, second); // a fresh code (the one-in-a-million repeat fails here instead of skipping the next check)
        Assert.Contains("has been used or has expired", await (await SignIn.CodeAsync(client, first)).Content.ReadAsStringAsync());
        Assert.Equal("/", (await SignIn.CodeAsync(client, second)).Location());
    }

    [Fact]
    public async Task After_five_wrong_passwords_each_try_waits_longer_and_the_right_password_works_after_the_wait()
    {
        var client = portal.CreatePortalClient();
        for (var i = 1; i <= 5; i++)
        {
            var wrong = await SignIn.PasswordAsync(client, Email, "not the password at all");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("email address or password is not right", await wrong.Content.ReadAsStringAsync());
        }

        // Even the right password is not checked while the address waits, and no code is sent.
        var waiting = await SignIn.PasswordAsync(client, Email, Password);
        Assert.Equal(HttpStatusCode.OK, waiting.StatusCode);
        Assert.Contains("too many tries for this email address. Please wait 1 minute", await waiting.Content.ReadAsStringAsync());
        Assert.Empty(portal.Outbox.ReadAll(Email));

        // The wait doubles with each further failure: a guesser gets a handful of tries an hour.
        clock.Advance(TimeSpan.FromMinutes(1));
        await SignIn.PasswordAsync(client, Email, "still not the password");
        Assert.Contains("Please wait 2 minutes", await (await SignIn.PasswordAsync(client, Email, Password)).Content.ReadAsStringAsync());

        // The account itself is never locked by wrong passwords: after the wait the right one signs in.
        clock.Advance(TimeSpan.FromMinutes(2));
        await SignIn.CompleteAsync(portal, client, Email, Password);
    }

    [Fact]
    public async Task A_lock_from_wrong_codes_shows_only_to_someone_with_the_right_password()
    {
        var client = portal.CreatePortalClient();
        await SignIn.PasswordAsync(client, Email, Password);
        var code = await SignIn.EmailedCodeAsync(portal, Email);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 1; i <= 5; i++) await SignIn.CodeAsync(client, wrong);

        var stranger = portal.CreatePortalClient();
        var guessed = await SignIn.PasswordAsync(stranger, Email, "a guess at the password");
        Assert.Equal(HttpStatusCode.OK, guessed.StatusCode);
        Assert.Contains("email address or password is not right", await guessed.Content.ReadAsStringAsync());

        Assert.Equal("/Account/Lockout", (await SignIn.PasswordAsync(portal.CreatePortalClient(), Email, Password)).Location());
    }

    [Fact]
    public async Task Wrong_codes_count_towards_lockout_too()
    {
        var client = portal.CreatePortalClient();
        await SignIn.PasswordAsync(client, Email, Password);
        var code = await SignIn.EmailedCodeAsync(portal, Email);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 1; i <= 4; i++) await SignIn.CodeAsync(client, wrong);
        Assert.Equal("/Account/Lockout", (await SignIn.CodeAsync(client, wrong)).Location());
        // The right code no longer helps while locked out.
        Assert.Equal("/Account/Lockout", (await SignIn.CodeAsync(client, code)).Location());
    }

    [Fact]
    public async Task A_deactivated_user_cannot_sign_in_and_gets_no_code()
    {
        var admin = await portal.CreateUserAsync("admin@council.example.org", "quiet river lantern meadow", "Ada Admin", admin: true);
        var user = await (await portal.CreateDbContextAsync()).Users.SingleAsync(u => u.Email == Email);
        var result = await portal.Services.GetRequiredService<AdminUserService>().SetActiveAsync(user.Id, false, new Actor(admin.Id, admin.Email));
        Assert.True(result.Succeeded);

        var client = portal.CreatePortalClient();
        var response = await SignIn.PasswordAsync(client, Email, Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("the account cannot sign in", await response.Content.ReadAsStringAsync());
        Assert.Empty(portal.Outbox.ReadAll(Email));
        await using var db = await portal.CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.SignInPassword && a.Outcome == AuditOutcome.Failure && a.ActorEmail == Email));
    }

    [Fact]
    public async Task A_signed_in_user_who_is_deactivated_is_signed_out_at_the_next_check()
    {
        var admin = await portal.CreateUserAsync("admin@council.example.org", "quiet river lantern meadow", "Ada Admin", admin: true);
        var client = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, client, Email, Password);
        Assert.True(await SignIn.IsSignedInAsync(client));

        var user = await (await portal.CreateDbContextAsync()).Users.SingleAsync(u => u.Email == Email);
        await portal.Services.GetRequiredService<AdminUserService>().SetActiveAsync(user.Id, false, new Actor(admin.Id, admin.Email));
        clock.Advance(TimeSpan.FromSeconds(31)); // the cookie's stamp is re-checked every 30 seconds

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/Account/Login", home.Location());
    }

    [Fact]
    public async Task Sign_out_is_a_post_with_antiforgery()
    {
        var client = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, client, Email, Password);

        var withoutToken = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.True(await SignIn.IsSignedInAsync(client));

        var signOut = await SignIn.SignOutAsync(client);
        Assert.Equal("/Account/SignedOut", signOut.Location());
        Assert.False(await SignIn.IsSignedInAsync(client));
    }
}
