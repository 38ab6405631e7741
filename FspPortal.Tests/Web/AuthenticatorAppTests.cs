using System.Net;
using System.Text.RegularExpressions;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Account;
using FspPortal.Web.Features.Admin;
using FspPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace FspPortal.Tests.Web;

/// <summary>
/// The authenticator app over the real HTTP pipeline, with the server on a fake clock: set up from the key on the page,
/// codes computed here as a phone would, each accepted once; recovery codes once each; the emailed code still offered.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class AuthenticatorAppTests : IAsyncLifetime
{
    private const string Email = "pat@school.example.org";
    private const string Password = "correct horse battery staple";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private PortalFactory portal = default!;

    public async Task InitializeAsync()
    {
        portal = new PortalFactory(clock: clock);
        await portal.CreateUserAsync(Email, Password);
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task A_practitioner_sets_up_the_app_then_signs_in_with_its_code_which_works_once_and_a_recovery_code_works_once()
    {
        var client = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, client, Email, Password);

        var (key, codes) = await SetUpAppAsync(client, clock);
        Assert.Equal(RecoveryCodes.Count, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct().Count());
        // The database holds no usable recovery code, nor the codes in any readable form.
        await using (var db = await portal.CreateDbContextAsync())
        {
            var stored = await db.UserTokens.Where(t => t.Name == "RecoveryCodes").Select(t => t.Value).SingleAsync();
            Assert.DoesNotContain(codes[0], stored!);
        }
        Assert.Contains("Set up on 1 Dec 2026", await PageTextAsync(client, "/Account/SignInMethods"));
        await SignIn.SignOutAsync(client);

        // After the password: the app's code is asked for, and no email is sent.
        var emailsBefore = portal.Outbox.ReadAll(Email).Count;
        var afterPassword = await SignIn.PasswordAsync(client, Email, Password);
        Assert.StartsWith("/Account/LoginWithApp", afterPassword.Location());
        Assert.Equal(emailsBefore, portal.Outbox.ReadAll(Email).Count);

        clock.Advance(TimeSpan.FromSeconds(60)); // the phone shows the next code
        var code = CodeAt(key, clock);
        var wrong = ((int.Parse(code) + 1) % 1_000_000).ToString("D6");
        var refused = await client.SubmitAsync("/Account/LoginWithApp", "sign-in-app", new() { ["Input.Code"] = wrong });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("That code is not right, or has been used already", await refused.Content.ReadAsStringAsync());

        var accepted = await client.SubmitAsync("/Account/LoginWithApp", "sign-in-app", new() { ["Input.Code"] = code });
        Assert.Equal("/", accepted.Location());
        Assert.True(await SignIn.IsSignedInAsync(client));
        await SignIn.SignOutAsync(client);

        // The same code, still within its 30 seconds, is refused: someone who saw it over a shoulder cannot use it.
        await SignIn.PasswordAsync(client, Email, Password);
        var replayed = await client.SubmitAsync("/Account/LoginWithApp", "sign-in-app", new() { ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.False(await SignIn.IsSignedInAsync(client));

        // A recovery code (typed in capitals, without its dash) works once.
        var typed = codes[3].Replace("-", "").ToUpperInvariant();
        var recovered = await client.SubmitAsync("/Account/LoginWithRecoveryCode", "sign-in-recovery", new() { ["Input.Code"] = typed });
        Assert.Equal("/", recovered.Location());
        Assert.Contains($"{RecoveryCodes.Count - 1} of {RecoveryCodes.Count} recovery codes left", await PageTextAsync(client, "/Account/SignInMethods"));
        await SignIn.SignOutAsync(client);
        await SignIn.PasswordAsync(client, Email, Password);
        var again = await client.SubmitAsync("/Account/LoginWithRecoveryCode", "sign-in-recovery", new() { ["Input.Code"] = codes[3] });
        Assert.Contains("That recovery code is not right, or has been used already", await again.Content.ReadAsStringAsync());
        Assert.False(await SignIn.IsSignedInAsync(client));

        // Without the phone, the emailed code is still there for the asking.
        var emailInstead = await client.SubmitAsync("/Account/LoginWithApp", "email-instead", []);
        Assert.StartsWith("/Account/LoginWithCode", emailInstead.Location());
        var emailed = await SignIn.EmailedCodeAsync(portal, Email, portal.Outbox.ReadAll(Email).Count(e => e.Subject.Contains("sign-in code")));
        Assert.Equal("/", (await SignIn.CodeAsync(client, emailed)).Location());

        await using var audit = await portal.CreateDbContextAsync();
        var actions = await audit.AuditEntries.Select(a => new { a.Action, a.Outcome }).ToListAsync();
        Assert.Contains(actions, a => a.Action == AuditActions.AppAdded);
        Assert.Contains(actions, a => a.Action == AuditActions.SignInApp && a.Outcome == AuditOutcome.Success);
        Assert.Equal(2, actions.Count(a => a.Action == AuditActions.SignInApp && a.Outcome == AuditOutcome.Failure));
        Assert.Contains(actions, a => a.Action == AuditActions.SignInRecoveryCode && a.Outcome == AuditOutcome.Success);
    }

    [Fact]
    public async Task A_wrong_first_code_does_not_turn_the_app_on_and_removing_it_audits_and_forgets_its_key()
    {
        var client = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, client, Email, Password);
        var page = await (await client.GetAsync("/Account/SignInMethods/App")).Content.ReadAsStringAsync();
        var key = KeyFrom(page);
        Assert.Contains("<svg", page); // the QR code, drawn on the server
        Assert.Contains("role=\"img\"", page);

        var right = CodeAt(key, clock);
        var wrong = ((int.Parse(right) + 1) % 1_000_000).ToString("D6");
        var refused = await client.SubmitAsync("/Account/SignInMethods/App", "confirm-app", new() { ["Input.Code"] = wrong });
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("That code does not match", html);
        Assert.Contains("id=\"code-error\"", html);
        Assert.Equal(key, KeyFrom(html)); // the same key: the one already scanned stays good
        await using (var db = await portal.CreateDbContextAsync())
            Assert.Null((await db.Users.SingleAsync(u => u.Email == Email)).AuthenticatorAddedUtc);

        await client.SubmitAsync("/Account/SignInMethods/App", "confirm-app", new() { ["Input.Code"] = right });
        var removed = await client.SubmitAsync("/Account/SignInMethods", "remove-app", []);
        Assert.Equal("/Account/SignInMethods?Status=app-removed", removed.Location());
        await using (var db = await portal.CreateDbContextAsync())
        {
            var user = await db.Users.SingleAsync(u => u.Email == Email);
            Assert.Null(user.AuthenticatorAddedUtc);
            Assert.False(await db.UserTokens.AnyAsync(t => t.UserId == user.Id && (t.Name == "AuthenticatorKey" || t.Name == "RecoveryCodes") && t.Value != ""));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.AppRemoved && a.TargetId == user.Id));
        }
        await SignIn.SignOutAsync(client);
        Assert.StartsWith("/Account/LoginWithCode", (await SignIn.PasswordAsync(client, Email, Password)).Location());
    }

    [Fact]
    public async Task When_admins_must_have_a_passkey_or_app_an_admin_without_one_is_sent_to_set_one_up_before_anything_else()
    {
        await using var strict = new PortalFactory(clock: clock, settings: new Dictionary<string, string?> { ["Security:AdminsNeedPasskeyOrApp"] = "true" });
        await strict.CreateUserAsync("ada@council.example.org", Password, "Ada Admin", admin: true);
        await strict.CreateUserAsync(Email, Password);
        var admin = strict.CreatePortalClient();
        await SignIn.CompleteAsync(strict, admin, "ada@council.example.org", Password);

        foreach (var path in new[] { "/", "/admin", "/admin/audit", "/my-fsp", "/admin/users.csv", "/my-fsp/export.csv" })
        {
            var response = await admin.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path} answered {(int)response.StatusCode}");
            Assert.Equal("/Account/SignInMethods", response.Location());
        }
        Assert.Contains("Add a passkey or an authenticator app first", await PageTextAsync(admin, "/Account/SignInMethods"));

        // A practitioner is not held up by the admins' rule.
        var practitioner = strict.CreatePortalClient();
        await SignIn.CompleteAsync(strict, practitioner, Email, Password);
        Assert.Equal(HttpStatusCode.OK, (await practitioner.GetAsync("/")).StatusCode);

        var (key, _) = await SetUpAppAsync(admin, clock);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).StatusCode);
        Assert.DoesNotContain("Add a passkey or an authenticator app first", await PageTextAsync(admin, "/Account/SignInMethods"));

        // From now on the admin finishes signing in with the app: the emailed code is not offered, nor accepted.
        await SignIn.SignOutAsync(admin);
        var emailsBefore = strict.Outbox.ReadAll("ada@council.example.org").Count;
        Assert.StartsWith("/Account/LoginWithApp", (await SignIn.PasswordAsync(admin, "ada@council.example.org", Password)).Location());
        Assert.DoesNotContain("Email me a code instead", await PageTextAsync(admin, "/Account/LoginWithApp"));
        Assert.Contains("Administrators finish signing in with their authenticator app", await PageTextAsync(admin, "/Account/LoginWithCode"));
        Assert.Equal(emailsBefore, strict.Outbox.ReadAll("ada@council.example.org").Count);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("/", (await admin.SubmitAsync("/Account/LoginWithApp", "sign-in-app", new() { ["Input.Code"] = CodeAt(key, clock) })).Location());
    }

    [Fact]
    public async Task When_admins_must_use_a_passkey_or_app_an_admin_with_only_a_passkey_is_told_to_use_it_and_gets_no_code()
    {
        await using var strict = new PortalFactory(clock: clock, settings: new Dictionary<string, string?> { ["Security:AdminsNeedPasskeyOrApp"] = "true" });
        var ada = await strict.CreateUserAsync("ada@council.example.org", Password, "Ada Admin", admin: true);
        await using (var scope = strict.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var passkey = new UserPasskeyInfo([1, 2, 3, 4], [5, 6, 7], clock.GetUtcNow(), 0, ["internal"], true, false, false, [8], [9]) { Name = "Work laptop" };
            Assert.True((await users.AddOrUpdatePasskeyAsync((await users.FindByIdAsync(ada.Id))!, passkey)).Succeeded);
        }
        var client = strict.CreatePortalClient();
        var refused = await SignIn.PasswordAsync(client, "ada@council.example.org", Password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Administrators sign in with their passkey here", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.DoesNotContain(strict.Outbox.ReadAll("ada@council.example.org"), e => e.Subject.Contains("sign-in code"));
        Assert.False(await SignIn.IsSignedInAsync(client));
    }

    [Fact]
    public async Task Reset_two_step_removes_the_app_and_passkeys_and_the_roster_shows_each_persons_methods()
    {
        var client = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, client, Email, Password);
        await SetUpAppAsync(client, clock);
        string userId;
        await using (var db = await portal.CreateDbContextAsync()) userId = (await db.Users.SingleAsync(u => u.Email == Email)).Id;
        // And a passkey, stored as Identity stores one (its browser ceremony is the passkey journey's business).
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var passkey = new UserPasskeyInfo([1, 2, 3, 4], [5, 6, 7], clock.GetUtcNow(), 0, ["internal"], true, false, false, [8], [9]) { Name = "Work laptop" };
            Assert.True((await users.AddOrUpdatePasskeyAsync((await users.FindByIdAsync(userId))!, passkey)).Succeeded);
        }
        var admins = portal.Services.GetRequiredService<AdminUserService>();
        var (rows, _) = await admins.SearchAsync(new RosterQuery(Email, 0, 10));
        Assert.Equal("Emailed code, app, 1 passkey", Assert.Single(rows).SignInMethods);
        var ada = await portal.CreateUserAsync("ada@council.example.org", Password, "Ada Admin", admin: true);
        Assert.True((await admins.ResetTwoStepAsync(userId, new Actor(ada.Id, ada.Email))).Succeeded);

        (rows, _) = await admins.SearchAsync(new RosterQuery(Email, 0, 10));
        Assert.Equal("Emailed code", Assert.Single(rows).SignInMethods);
        Assert.False(await SignIn.IsSignedInAsync(client)); // signed out everywhere, as before
        Assert.StartsWith("/Account/LoginWithCode", (await SignIn.PasswordAsync(client, Email, Password)).Location());
        await using var audit = await portal.CreateDbContextAsync();
        Assert.True(await audit.AuditEntries.AnyAsync(a => a.Action == AuditActions.AppRemoved && a.TargetId == userId && a.ActorUserId == ada.Id));
        Assert.True(await audit.AuditEntries.AnyAsync(a => a.Action == AuditActions.PasskeyRemoved && a.TargetId == userId && a.ActorUserId == ada.Id
            && a.Details == "Work laptop, by an administrator"));
        Assert.False(await audit.UserPasskeys.AnyAsync(p => p.UserId == userId));
    }

    /// <summary>Sign-in methods → Set up an authenticator app → the code for the key on the page; returns the key and the recovery codes shown.</summary>
    internal static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> SetUpAppAsync(HttpClient client, TimeProvider clock)
    {
        var key = KeyFrom(await (await client.GetAsync("/Account/SignInMethods/App")).Content.ReadAsStringAsync());
        var confirmed = await client.SubmitAsync("/Account/SignInMethods/App", "confirm-app", new() { ["Input.Code"] = CodeAt(key, clock) });
        var html = await confirmed.Content.ReadAsStringAsync();
        Assert.Contains("Your authenticator app is set up", html);
        return (key, RecoveryCode().Matches(html).Select(m => m.Groups[1].Value).ToList());
    }

    private static string KeyFrom(string html)
    {
        var match = AppKey().Match(html);
        Assert.True(match.Success, "No key on the set-up page");
        return match.Groups[1].Value.Replace(" ", "").ToUpperInvariant();
    }

    /// <summary>What a phone's authenticator app shows at the server's time.</summary>
    internal static string CodeAt(string key, TimeProvider clock) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(clock.GetUtcNow().UtcDateTime);

    /// <summary>The page's words without its tags.</summary>
    private static async Task<string> PageTextAsync(HttpClient client, string path) =>
        System.Net.WebUtility.HtmlDecode(Regex.Replace(await (await client.GetAsync(path)).Content.ReadAsStringAsync(), "<[^>]+>", ""));

    [GeneratedRegex("id=\"app-key\"[^>]*>([a-z0-9 ]+)<")]
    private static partial Regex AppKey();

    [GeneratedRegex(@"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>")]
    private static partial Regex RecoveryCode();
}

/// <summary>The passkey option endpoints the browser calls: only with the page's antiforgery token; making one needs a sign-in.</summary>
[Trait("Category", "Integration")]
public sealed class PasskeyEndpointTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new();

    public async Task InitializeAsync() => await portal.CreateUserAsync("pat@school.example.org", "correct horse battery staple");
    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task Options_need_the_antiforgery_token_and_creation_needs_a_signed_in_person()
    {
        var client = portal.CreatePortalClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/Account/PasskeyRequestOptions", null)).StatusCode);

        var login = await (await client.GetAsync("/Account/Login")).Content.ReadAsStringAsync();
        var header = Regex.Match(login, "request-token-name=\"([^\"]+)\" request-token-value=\"([^\"]+)\"");
        Assert.True(header.Success, "The login page's passkey button carries no antiforgery token");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/PasskeyRequestOptions");
        request.Headers.Add(header.Groups[1].Value, WebUtility.HtmlDecode(header.Groups[2].Value));
        var options = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, options.StatusCode);
        var json = System.Text.Json.JsonDocument.Parse(await options.Content.ReadAsStringAsync()).RootElement;
        Assert.False(string.IsNullOrEmpty(json.GetProperty("challenge").GetString()));
        // No account named, so nothing says whether an address has an account or passkeys.
        Assert.True(!json.TryGetProperty("allowCredentials", out var allowed) || allowed.GetArrayLength() == 0);

        using var create = new HttpRequestMessage(HttpMethod.Post, "/Account/PasskeyCreationOptions");
        create.Headers.Add(header.Groups[1].Value, WebUtility.HtmlDecode(header.Groups[2].Value));
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(create)).StatusCode);
    }
}
