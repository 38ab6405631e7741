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
        // Polls the address only (the next line waits for the field itself). WaitForURLAsync waits for the page's "load" event
        // when the address already matches, whatever WaitUntil says: on a busy CI machine running two portals that wait ran
        // 30 s with the page there and the network idle.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Account/LoginWithCode"));
        var code = await SignIn.EmailedCodeAsync(portal, email, before + 1);
        await page.GetByLabel("Sign-in code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"^http://[^/]+/$"));
        await page.WaitForInteractiveAsync();
    }

    /// <summary>
    /// On an open overview: Attach user, then the person found by typing <paramref name="typed"/> as a person types (a
    /// single programmatic fill while the dialog was still settling left the search unrun once on a busy CI machine).
    /// Returns the dialog, with the person chosen.
    /// </summary>
    public static async Task<ILocator> PickUserToAttachAsync(this IPage page, string typed, string option)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Attach user" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        var find = dialog.GetByLabel("Find a user (name, email or user id)");
        await find.ClickAsync();
        await Assertions.Expect(find).ToBeFocusedAsync();
        await find.PressSequentiallyAsync(typed, new() { Delay = 80 });
        await page.GetByRole(AriaRole.Option, new() { Name = option }).ClickAsync();
        return dialog;
    }

    /// <summary>Chooses an option of a MudBlazor select by its label, from the keyboard-reachable list it opens.</summary>
    public static async Task ChooseAsync(this IPage page, string label, string option)
    {
        await page.GetByLabel(label, new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true })).ToHaveCountAsync(0);
    }
}
