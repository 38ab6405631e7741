using System.Text.RegularExpressions;
using FspPortal.Tests.Support;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>Signing in through the browser, with the code read from the portal's outbox.</summary>
public static class PortalSession
{
    public static async Task SignInAsync(PortalFactory portal, IPage page, string email, string password)
    {
        var before = portal.Outbox.ReadAll(email).Count(e => e.Subject.Contains("sign-in code"));
        await page.GotoAsync("Account/Login");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/Account/LoginWithCode"));
        var code = await SignIn.EmailedCodeAsync(portal, email, before + 1);
        await page.GetByLabel("Sign-in code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"^http://[^/]+/$"));
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Chooses an option of a MudBlazor select by its label, from the keyboard-reachable list it opens.</summary>
    public static async Task ChooseAsync(this IPage page, string label, string option)
    {
        await page.GetByLabel(label, new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true })).ToHaveCountAsync(0);
    }
}
