using System.Text.RegularExpressions;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>
/// Passkeys in Chromium with the DevTools virtual authenticator (a "device" that makes and uses real WebAuthn
/// credentials): add one on Sign-in methods, sign in with it alone, see that it cannot sign anyone else in, remove it.
/// WebAuthn refuses IP addresses as a site, so the browser uses "localhost" for the same server.
/// </summary>
public sealed class PasskeyJourneyTests : BrowserJourney
{
    private const string SamEmail = "sam.hughes@school.example.org";
    private const string BeaEmail = "bea.next@health.example.org";

    protected override async Task SeedAsync()
    {
        await Portal.CreateUserAsync(SamEmail, Password, "Sam Hughes");
        await Portal.CreateUserAsync(BeaEmail, Password, "Bea Next", agency: "Health");
    }

    [Fact]
    public async Task A_practitioner_adds_a_passkey_signs_in_with_it_alone_cannot_sign_in_someone_else_and_removes_it()
    {
        var baseUrl = new UriBuilder(BaseUrl) { Host = "localhost" }.Uri.ToString();
        var page = await Browser.NewPageAsync(baseUrl);
        var devices = await page.Context.NewCDPSessionAsync(page);
        await devices.SendAsync("WebAuthn.enable");
        var authenticator = await devices.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true, ["hasUserVerification"] = true,
                ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });
        var authenticatorId = authenticator!.Value.GetProperty("authenticatorId").GetString()!;
        var violations = new List<string>();

        // Signed in the usual way, Sam opens Sign-in methods from the top bar and adds a passkey.
        await PortalSession.SignInAsync(Portal, page, SamEmail, Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign-in methods" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign-in methods", Level = 1 })).ToBeVisibleAsync();
        violations.AddRange(await page.AxeViolationsAsync("Sign-in methods"));
        await page.GetByLabel("Name for a new passkey").FillAsync("Work laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Passkey added");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Work laptop" });
        await Assertions.Expect(row).ToContainTextAsync("Not yet");
        var credentials = await devices.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticatorId });
        Assert.Equal(1, credentials!.Value.GetProperty("credentials").GetArrayLength());
        violations.AddRange(await page.AxeViolationsAsync("Sign-in methods with a passkey"));

        // Signed out, the passkey alone signs Sam in: no email address, no password, no emailed code.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the portal" }).ClickAsync();
        await SignOutAsync(page);
        var codesBefore = Portal.Outbox.ReadAll(SamEmail).Count;
        await page.GotoAsync("Account/Login");
        violations.AddRange(await page.AxeViolationsAsync("Sign in (with a passkey button)"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"^http://localhost:\d+/$"));
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByText("Signed in as")).ToContainTextAsync("Sam Hughes");
        Assert.Equal(codesBefore, Portal.Outbox.ReadAll(SamEmail).Count);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign-in methods" }).ClickAsync();
        await Assertions.Expect(row).Not.ToContainTextAsync("Not yet"); // its last use is shown

        // Sam's passkey cannot sign Bea in: with Bea's address typed, it is refused and nobody is signed in.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the portal" }).ClickAsync();
        await SignOutAsync(page);
        await page.GotoAsync("Account/Login");
        await page.GetByLabel("Email address").FillAsync(BeaEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That passkey is not for the email address you typed");
        violations.AddRange(await page.AxeViolationsAsync("Sign in with a refused passkey"));
        Assert.Equal(401, await StatusOfHomeAsync(page));

        // Removed, the passkey (still on the device) no longer opens the portal.
        await page.GetByLabel("Email address").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"^http://localhost:\d+/$"));
        await page.GotoAsync("Account/SignInMethods");
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove the passkey Work laptop" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Passkey removed");
        await Assertions.Expect(page.GetByText("You have no passkeys yet.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the portal" }).ClickAsync();
        await SignOutAsync(page);
        await page.GotoAsync("Account/Login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That passkey is not one this portal knows");
        Assert.Equal(401, await StatusOfHomeAsync(page));

        await using var db = await Portal.CreateDbContextAsync();
        var actions = await db.AuditEntries.Select(a => new { a.Action, a.Outcome, a.Details }).ToListAsync();
        Assert.Contains(actions, a => a.Action == AuditActions.PasskeyAdded && a.Details == "Work laptop");
        Assert.Equal(2, actions.Count(a => a.Action == AuditActions.SignInPasskey && a.Outcome == AuditOutcome.Success));
        Assert.Equal(2, actions.Count(a => a.Action == AuditActions.SignInPasskey && a.Outcome == AuditOutcome.Failure));
        Assert.Contains(actions, a => a.Action == AuditActions.PasskeyRemoved && a.Details == "Work laptop");
        Assert.Empty(violations);
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Account/SignedOut"));
    }

    /// <summary>What the portal answers this browser's cookies for Home without following the sign-in redirect (401 when signed out).</summary>
    private static async Task<int> StatusOfHomeAsync(IPage page)
    {
        var response = await page.APIRequest.GetAsync("/", new() { MaxRedirects = 0 });
        return response.Status == 302 ? 401 : response.Status;
    }
}
