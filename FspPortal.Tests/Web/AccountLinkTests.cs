using System.Net;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Account;
using FspPortal.Web.Features.Admin;
using FspPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FspPortal.Tests.Web;

/// <summary>Invitations, password resets, access requests and the admin's account rules, over HTTP and a real database.</summary>
[Trait("Category", "Integration")]
public sealed class AccountLinkTests : IAsyncLifetime
{
    private const string PractitionerEmail = "sam@school.example.org";
    private readonly PortalFactory portal = new();
    private Actor admin = default!;
    private AdminUserService Admin => portal.Services.GetRequiredService<AdminUserService>();

    public async Task InitializeAsync()
    {
        var user = await portal.CreateUserAsync("ada@council.example.org", "seven lanterns over the harbour", "Ada Admin", admin: true);
        admin = new Actor(user.Id, user.Email);
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private Task<AdminResult> CreatePractitionerAsync() => Admin.CreateAsync(new UserEditorModel
    {
        FullName = "Sam Hughes", Email = PractitionerEmail, Agency = "School", Phone = "+44 7700 900123", IsPractitioner = true,
    }, admin);

    private async Task<string> LinkInLatestEmailAsync(string subject)
    {
        var email = await portal.LatestEmailAsync(PractitionerEmail, subject);
        var link = FormClient.PasswordLink().Match(email.TextBody).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(link), email.TextBody);
        return new Uri(link).PathAndQuery;
    }

    private static Dictionary<string, string> Passwords(string password) =>
        new() { ["Input.Password"] = password, ["Input.ConfirmPassword"] = password };

    [Fact]
    public async Task The_invitation_link_sets_a_password_once_and_applies_the_policy()
    {
        Assert.True((await CreatePractitionerAsync()).Succeeded);
        var link = await LinkInLatestEmailAsync("Your FSP Portal account");
        var client = portal.CreatePortalClient();

        var withName = await client.SubmitAsync(link, "choose-password", Passwords("sam hughes is my password"));
        Assert.Contains("must not contain your name", await withName.Content.ReadAsStringAsync());
        var tooShort = await client.SubmitAsync(link, "choose-password", Passwords("short one"));
        Assert.Contains("at least 12 characters", await tooShort.Content.ReadAsStringAsync());

        var ok = await client.SubmitAsync(link, "choose-password", Passwords("tangerine bicycle under moonlight"));
        Assert.Contains("Your password has been set", await ok.Content.ReadAsStringAsync());

        var again = await (await client.GetAsync(link)).Content.ReadAsStringAsync();
        Assert.Contains("expired or has already been used", again);
        Assert.DoesNotContain("New password", again);

        await SignIn.CompleteAsync(portal, portal.CreatePortalClient(), PractitionerEmail, "tangerine bicycle under moonlight");
        await using var db = await portal.CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == PractitionerEmail);
        Assert.Equal("+447700900123", user.PhoneNumber); // stored normalised
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.PasswordSet && a.TargetId == user.Id));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.AccountCreated && a.TargetId == user.Id && a.ActorUserId == admin.UserId));
    }

    [Fact]
    public async Task Invitations_last_72_hours_and_resending_one_retires_the_earlier_link()
    {
        var options = portal.Services.GetRequiredService<IOptions<InvitationTokenProviderOptions>>().Value;
        Assert.Equal(TimeSpan.FromHours(72), options.TokenLifespan);

        var created = await CreatePractitionerAsync();
        var first = await LinkInLatestEmailAsync("Your FSP Portal account");
        Assert.True((await Admin.ResendInvitationAsync(created.Id!, admin)).Succeeded);
        // The resent invitation is the newest email once it is queued (the dispatcher may not have sent it yet).
        await Eventually.TrueAsync(() => portal.Outbox.ReadAll(PractitionerEmail).Count(e => e.Subject.Contains("Your FSP Portal account")) == 2,
            "the second invitation");
        var second = new Uri(FormClient.PasswordLink().Match(portal.Outbox.ReadAll(PractitionerEmail)[0].TextBody).Groups[1].Value).PathAndQuery;
        Assert.NotEqual(first, second);

        var client = portal.CreatePortalClient();
        Assert.Contains("expired or has already been used", await (await client.GetAsync(first)).Content.ReadAsStringAsync());
        Assert.Contains("New password", await (await client.GetAsync(second)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Forgotten_password_emails_a_reset_link_that_works_and_says_the_same_for_unknown_addresses()
    {
        await portal.CreateUserAsync(PractitionerEmail, "tangerine bicycle under moonlight", "Sam Hughes");
        var client = portal.CreatePortalClient();

        var unknown = await client.SubmitAsync("/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = "nobody@example.org" });
        var known = await client.SubmitAsync("/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = PractitionerEmail });
        const string sameAnswer = "If an active account uses that email address";
        Assert.Contains(sameAnswer, await unknown.Content.ReadAsStringAsync());
        Assert.Contains(sameAnswer, await known.Content.ReadAsStringAsync());
        Assert.Empty(portal.Outbox.ReadAll("nobody@example.org"));

        var link = await LinkInLatestEmailAsync("Reset your FSP Portal password");
        var reset = await client.SubmitAsync(link, "choose-password", Passwords("a brand new river of words"));
        Assert.Contains("Your password has been set", await reset.Content.ReadAsStringAsync());
        await SignIn.CompleteAsync(portal, portal.CreatePortalClient(), PractitionerEmail, "a brand new river of words");
        Assert.Contains("expired or has already been used", await (await client.GetAsync(link)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_access_request_lands_in_the_queue_and_approval_creates_the_account_with_an_invitation()
    {
        var requests = portal.Services.GetRequiredService<AccessRequestService>();
        var submitted = await requests.SubmitAsync(new AccessRequestModel
        {
            FullName = "Sam Hughes", Email = PractitionerEmail, Agency = "School", JobTitle = "Pastoral lead", Phone = "023 9268 8000 ext. 123",
        });
        Assert.True(submitted.Succeeded);
        await portal.LatestEmailAsync(PractitionerEmail, "We have received your request");
        var pending = Assert.Single(await requests.PendingAsync());

        var approved = await requests.ApproveAsync(pending.Id, admin);
        Assert.True(approved.Succeeded, approved.Error);
        Assert.Empty(await requests.PendingAsync());
        await LinkInLatestEmailAsync("Your FSP Portal account");

        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(PractitionerEmail);
        Assert.NotNull(user);
        Assert.Equal("Pastoral lead", user.JobTitle);
        Assert.Equal([Roles.Practitioner], await users.GetRolesAsync(user));
        Assert.True((await requests.ApproveAsync(pending.Id, admin)) is { Succeeded: false });
    }

    [Fact]
    public async Task A_declined_requester_is_told_by_email_with_the_reason()
    {
        var requests = portal.Services.GetRequiredService<AccessRequestService>();
        await requests.SubmitAsync(new AccessRequestModel { FullName = "Sam Hughes", Email = PractitionerEmail, Agency = "School", JobTitle = "Lead", Phone = "07700 900123" });
        var pending = Assert.Single(await requests.PendingAsync());

        Assert.True((await requests.DeclineAsync(pending.Id, "Please ask through your school's early help lead.", admin)).Succeeded);
        var email = await portal.LatestEmailAsync(PractitionerEmail, "Your request for FSP Portal access", textContains: "has not been approved");
        Assert.Contains("Please ask through your school's early help lead.", email.TextBody);
        await using var db = await portal.CreateDbContextAsync();
        Assert.False(await db.Users.AnyAsync(u => u.Email == PractitionerEmail));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.AccessDeclined && a.ActorUserId == admin.UserId));
    }

    [Fact]
    public async Task Admin_rules_duplicate_email_own_account_and_the_last_admin()
    {
        Assert.True((await CreatePractitionerAsync()).Succeeded);
        var duplicate = await CreatePractitionerAsync();
        Assert.Equal(("Email", "An account with this email address already exists."), (duplicate.Field, duplicate.Error));

        var self = await Admin.SetActiveAsync(admin.UserId, false, admin);
        Assert.Contains("your own account", self.Error);
        var other = await portal.CreateUserAsync("other@council.example.org", "seven lanterns over the harbour", "Olu Other", admin: true);
        // The other admin may not deactivate the only other admin... but there are two active admins, so it works:
        Assert.True((await Admin.SetActiveAsync(admin.UserId, false, new Actor(other.Id, other.Email))).Succeeded);
        // ...and now Olu is the last active admin: no one can remove that role.
        var model = (await Admin.GetForEditAsync(other.Id))!;
        model.IsAdmin = false;
        Assert.Contains("your own Admin role", (await Admin.UpdateAsync(model, new Actor(other.Id, other.Email))).Error);
    }

    [Fact]
    public async Task Reset_two_step_unlocks_the_account_and_ends_its_sessions()
    {
        await portal.CreateUserAsync(PractitionerEmail, "tangerine bicycle under moonlight", "Sam Hughes");
        var client = portal.CreatePortalClient();
        // Locked by wrong codes, and waiting after wrong passwords: the reset clears both.
        await SignIn.PasswordAsync(client, PractitionerEmail, "tangerine bicycle under moonlight");
        var code = await SignIn.EmailedCodeAsync(portal, PractitionerEmail);
        for (var i = 0; i < 5; i++) await SignIn.CodeAsync(client, code == "000000" ? "111111" : "000000");
        for (var i = 0; i < 5; i++) await SignIn.PasswordAsync(client, PractitionerEmail, "wrong wrong wrong wrong");
        Assert.Contains("too many tries", await (await SignIn.PasswordAsync(client, PractitionerEmail, "tangerine bicycle under moonlight")).Content.ReadAsStringAsync());

        var user = await (await portal.CreateDbContextAsync()).Users.SingleAsync(u => u.Email == PractitionerEmail);
        Assert.True((await Admin.ResetTwoStepAsync(user.Id, admin)).Succeeded);
        await SignIn.CompleteAsync(portal, portal.CreatePortalClient(), PractitionerEmail, "tangerine bicycle under moonlight");
    }
}

[Trait("Category", "Integration")]
public sealed class FirstAdminFromSettingsTests
{
    [Fact]
    public async Task With_FirstAdmin_settings_the_admin_is_created_and_their_set_password_link_printed_and_emailed()
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string?>
        {
            ["FirstAdmin:Email"] = "lead@council.example.org", ["FirstAdmin:FullName"] = "Lee Lead",
        });
        portal.StartKestrel(); // the link is printed once the server is listening

        string? printed = null;
        for (var i = 0; i < 100 && printed is null; i++)
        {
            printed = portal.Logs.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"http://\S+/Account/SetPassword\?\S+")).FirstOrDefault(m => m.Success)?.Value;
            if (printed is null) await Task.Delay(100);
        }
        Assert.NotNull(printed);
        await portal.LatestEmailAsync("lead@council.example.org", "Your FSP Portal account");

        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var lead = await users.FindByEmailAsync("lead@council.example.org");
        Assert.NotNull(lead);
        Assert.True(await users.IsInRoleAsync(lead, Roles.Admin));

        var page = await portal.CreatePortalClient().GetStringAsync(new Uri(printed).PathAndQuery);
        Assert.Contains("Set your password", page);
        Assert.Contains("lead@council.example.org", page);
    }

    [Fact]
    public async Task Without_settings_the_console_link_creates_the_first_admin_once()
    {
        await using var portal = new PortalFactory();
        portal.StartKestrel();
        string? link = null;
        for (var i = 0; i < 100 && link is null; i++)
        {
            link = portal.Logs.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"http://\S+/setup\?token=[0-9a-f]+")).FirstOrDefault(m => m.Success)?.Value;
            if (link is null) await Task.Delay(100);
        }
        Assert.NotNull(link);
        var client = portal.CreatePortalClient();
        var path = new Uri(link).PathAndQuery;
        var form = new Dictionary<string, string>
        {
            ["Input.FullName"] = "Ada Admin", ["Input.Email"] = "ada@council.example.org",
            ["Input.Password"] = "seven lanterns over the harbour", ["Input.ConfirmPassword"] = "seven lanterns over the harbour",
        };
        Assert.Contains("administrator account has been created", await (await client.SubmitAsync(path, "first-admin", form)).Content.ReadAsStringAsync());
        Assert.Contains("expired or has already been used", await (await client.GetAsync(path)).Content.ReadAsStringAsync());
        await SignIn.CompleteAsync(portal, portal.CreatePortalClient(), "ada@council.example.org", "seven lanterns over the harbour");
    }
}
