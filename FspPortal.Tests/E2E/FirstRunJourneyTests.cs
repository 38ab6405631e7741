using System.Text.RegularExpressions;
using FspPortal.Tests.Support;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>
/// From an empty portal to a practitioner on Home, in Chromium, as people would do it: the console link, the outbox,
/// the admin roster, the emailed set-password link. axe-core checks each page on the way; a deactivation then
/// ends the practitioner's open page.
/// </summary>
[Trait("Category", "E2E")]
[Collection(BrowserCollection.Name)]
public sealed partial class FirstRunJourneyTests : IAsyncLifetime
{
    private const string AdminEmail = "ada.admin@council.example.org";
    private const string AdminPassword = "seven lanterns over the harbour";
    private const string PractitionerEmail = "sam.hughes@school.example.org";
    private const string PractitionerPassword = "tangerine bicycle under moonlight";

    private readonly PortalFactory portal = new(kestrel: true, settings: new Dictionary<string, string?>
    {
        // Open circuits re-check their user every 2 seconds here (30 by default), so the test need not wait long.
        ["Security:SessionRevalidationSeconds"] = "2",
    });
    private Browser browser = default!;
    private string baseUrl = "";
    private readonly List<string> axeViolations = [];

    public async Task InitializeAsync()
    {
        baseUrl = portal.StartKestrel();
        browser = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        await portal.DisposeAsync();
    }

    [Fact]
    public async Task First_admin_sets_up_creates_a_practitioner_who_signs_in_and_is_signed_out_when_deactivated()
    {
        // The console (log) shows the one-time set-up link.
        var setupLink = await WaitForSetupLinkAsync();

        // 1. The first admin sets their password from the console link.
        var admin = await browser.NewPageAsync(baseUrl);
        await admin.GotoAsync(setupLink);
        await admin.GetByLabel("Full name").FillAsync("Ada Admin");
        await admin.GetByLabel("Email address").FillAsync(AdminEmail);
        await admin.GetByLabel("Password", new() { Exact = true }).FillAsync(AdminPassword);
        await admin.GetByLabel("Confirm password").FillAsync(AdminPassword);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("administrator account has been created");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();

        // 2. Signs in with the code from the outbox.
        await SignInAsync(admin, AdminEmail, AdminPassword, checkAccessibility: true);
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Home", Level = 1 })).ToBeVisibleAsync();
        axeViolations.AddRange(await admin.AxeViolationsAsync("Home"));

        // 3. Creates a practitioner from the roster.
        await admin.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Cell, new() { Name = AdminEmail })).ToBeVisibleAsync();
        axeViolations.AddRange(await admin.AxeViolationsAsync("Admin users"));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Full name").FillAsync("Sam Hughes");
        await dialog.GetByLabel("Email").FillAsync(PractitionerEmail);
        await dialog.GetByLabel("Agency").FillAsync("School");
        await dialog.GetByLabel("Job title").FillAsync("Family support worker");
        await dialog.GetByLabel("Phone").FillAsync("023 9268 8000 ext. 123");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Account created")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Cell, new() { Name = PractitionerEmail })).ToBeVisibleAsync();

        // 4. The practitioner opens the set-password link from their email, in their own browser.
        var practitioner = await browser.NewPageAsync(baseUrl);
        var invitation = await ReadOutboxAsync(practitioner, PractitionerEmail, "Your FSP Portal account");
        var link = PasswordLink().Match(invitation).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(link), invitation);
        await practitioner.GotoAsync(link);
        axeViolations.AddRange(await practitioner.AxeViolationsAsync("Set password"));
        await practitioner.GetByLabel("New password", new() { Exact = true }).FillAsync("short");
        await practitioner.GetByLabel("Confirm new password").FillAsync("short");
        await practitioner.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Assertions.Expect(practitioner.GetByRole(AriaRole.Alert)).ToContainTextAsync("at least 12 characters");
        axeViolations.AddRange(await practitioner.AxeViolationsAsync("Set password with errors"));
        await practitioner.GetByLabel("New password", new() { Exact = true }).FillAsync(PractitionerPassword);
        await practitioner.GetByLabel("Confirm new password").FillAsync(PractitionerPassword);
        await practitioner.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await Assertions.Expect(practitioner.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password has been set");
        await practitioner.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).ClickAsync();

        // 5. Signs in with a code and lands on Home with the navigation (and no Admin).
        await SignInAsync(practitioner, PractitionerEmail, PractitionerPassword, checkAccessibility: false);
        var nav = practitioner.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Home" })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "My FSP" })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Create New FSP Plan" })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToHaveCountAsync(0);
        await Assertions.Expect(practitioner.GetByText("Signed in as")).ToContainTextAsync("Sam Hughes");
        // What a new user sees, kept beside the test output for people to look at.
        await practitioner.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "practitioner-home.png") });
        await admin.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "admin-users.png") });

        // 6. The admin sees where the practitioner is signed in and ends that session: their open page goes to sign in.
        await admin.GetByRole(AriaRole.Button, new() { Name = "Actions for Sam Hughes" }).ClickAsync();
        await admin.GetByRole(AriaRole.Menuitem, new() { Name = "Signed-in sessions" }).ClickAsync();
        var sessions = admin.GetByRole(AriaRole.Dialog, new() { Name = "Signed-in sessions: Sam Hughes" });
        await Assertions.Expect(sessions.GetByRole(AriaRole.Cell, new() { Name = "Chrome on Linux" })).ToBeVisibleAsync();
        axeViolations.AddRange(await admin.AxeViolationsAsync("Signed-in sessions"));
        await sessions.GetByRole(AriaRole.Button, new() { Name = "End the session", Exact = false }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Session ended.")).ToBeVisibleAsync();
        await Assertions.Expect(sessions.GetByText("Sam Hughes is not signed in anywhere.")).ToBeVisibleAsync();
        await sessions.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Assertions.Expect(practitioner).ToHaveURLAsync(new Regex("/Account/Login"));
        await SignInAsync(practitioner, PractitionerEmail, PractitionerPassword, checkAccessibility: false);
        await Assertions.Expect(practitioner.GetByText("Signed in as")).ToContainTextAsync("Sam Hughes");

        // 7. The admin deactivates the practitioner: their open page (a live circuit) ends within seconds.
        await admin.GetByRole(AriaRole.Button, new() { Name = "Actions for Sam Hughes" }).ClickAsync();
        await admin.GetByRole(AriaRole.Menuitem, new() { Name = "Deactivate" }).ClickAsync();
        await admin.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Account deactivated.")).ToBeVisibleAsync();
        await Assertions.Expect(practitioner).ToHaveURLAsync(new Regex("/Account/Login"));

        // 8. The public request-access page.
        var visitor = await browser.NewPageAsync(baseUrl);
        await visitor.GotoAsync("request-access");
        await visitor.WaitForInteractiveAsync();
        axeViolations.AddRange(await visitor.AxeViolationsAsync("Request access"));

        Assert.True(axeViolations.Count == 0, string.Join(Environment.NewLine, axeViolations));
    }

    private async Task SignInAsync(IPage page, string email, string password, bool checkAccessibility)
    {
        await page.WaitForURLAsync(new Regex("/Account/Login"));
        if (checkAccessibility) axeViolations.AddRange(await page.AxeViolationsAsync("Sign in"));
        var codesBefore = portal.Outbox.ReadAll(email).Count(e => e.Subject.Contains("sign-in code"));
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/Account/LoginWithCode"));
        if (checkAccessibility) axeViolations.AddRange(await page.AxeViolationsAsync("Sign-in code"));

        await WaitForEmailCountAsync(email, "sign-in code", codesBefore + 1);
        var codeEmail = await ReadOutboxAsync(page, email, "sign-in code");
        var code = Regex.Match(codeEmail, @"code is (\d{6})").Groups[1].Value;
        await page.GoBackAsync();
        await page.GetByLabel("Sign-in code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl);
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Reads the newest email to <paramref name="to"/> on the Development Outbox page, as a new user is told to.</summary>
    private static async Task<string> ReadOutboxAsync(IPage page, string to, string subject)
    {
        await page.GotoAsync($"dev/outbox?to={Uri.EscapeDataString(to)}");
        var email = page.GetByRole(AriaRole.Article).Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = subject }) }).First;
        return await email.Locator("pre").InnerTextAsync();
    }

    private async Task WaitForEmailCountAsync(string to, string subject, int count)
    {
        for (var i = 0; i < 100 && portal.Outbox.ReadAll(to).Count(e => e.Subject.Contains(subject)) < count; i++) await Task.Delay(100);
    }

    private async Task<string> WaitForSetupLinkAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            var match = portal.Logs.Select(l => SetupLink().Match(l)).FirstOrDefault(m => m.Success);
            if (match is not null) return match.Value;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException("The console never showed the set-up link. Logs: " + string.Join("\n", portal.Logs));
    }

    [GeneratedRegex(@"http://\S+/setup\?token=[0-9a-f]+")]
    private static partial Regex SetupLink();

    [GeneratedRegex(@"(http://\S+/Account/SetPassword\?\S+)")]
    private static partial Regex PasswordLink();
}
