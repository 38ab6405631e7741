using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>
/// Every page on a phone (390 px), a tablet (768 px) and a laptop (1366 px): nothing scrolls sideways, the navigation is
/// reachable (a menu button on narrow screens), and axe finds nothing at 390 px on the pages used most.
/// </summary>
[Trait("Category", "E2E")]
public sealed class LayoutJourneyTests : BrowserJourney
{
    private Guid planId, draftId;

    protected override async Task SeedAsync()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes", admin: true);
        await Portal.MakeManagerAsync(sam); // the outcome figures too
        planId = await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-80), firstName: "Maximilian-Alexander", lastName: "Worthington-Smythe",
            familyName: "Worthington-Smythe"), "FSP-000123");
        await Portal.AddReviewAsync(planId, sam.Id);
        draftId = await Portal.AddAsync(FspPortal.Tests.Domain.Plans.PlanBuilder.Draft(sam.Id));
    }

    private string[] Pages() =>
    [
        "", "my-fsp", "plans/new", $"plans/{draftId}/edit/1", $"plans/{planId}/edit/3", $"plans/{planId}/edit/8", $"plans/{planId}",
        $"plans/{planId}/review", $"plans/{planId}/reviews/1", $"plans/{planId}/print", $"plans/{planId}/check",
        "admin", "admin/requests", "admin/audit", "admin/email", "admin/jobs", "admin/retention", "admin/system",
        "outcomes", "outcomes/plans?outcome=education&kind=needs",
    ];

    private static readonly string[] SignedOutPages = ["Account/Login", "Account/ForgotPassword", "request-access"];

    private static async Task<string?> SidewaysAsync(IPage page, string url, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (scrollWidth <= width) return null;
        var widest = await page.EvaluateAsync<string>("""
            (width) => Array.from(document.querySelectorAll('main *, header *'))
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 1).map(e => { // the widest element and its ancestors with their widths, to see which box failed to contain it
                    const chain = [];
                    for (let a = e; a && a !== document.body; a = a.parentElement)
                        chain.push(a.tagName.toLowerCase() + '.' + String(a.className).split(' ').slice(0, 2).join('.') + ':' + Math.round(a.getBoundingClientRect().width));
                    return chain.join(' < ');
                }).join(', ')
            """, width);
        return $"/{url} at {width} px is {scrollWidth} px wide ({widest})";
    }

    [Fact]
    public async Task Every_page_fits_a_phone_and_a_tablet_and_the_navigation_is_reachable()
    {
        var problems = new List<string>();
        var axe = new List<string>();
        var shots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

        foreach (var width in new[] { 390, 768 })
        {
            var signedOut = await Browser.NewPageAsync(BaseUrl, width, 844);
            foreach (var url in SignedOutPages)
            {
                await signedOut.GotoAsync(url);
                if (await SidewaysAsync(signedOut, url, width) is { } problem) problems.Add(problem);
            }

            var page = await Browser.NewPageAsync(BaseUrl, width, 844);
            await PortalSession.SignInAsync(Portal, page, "sam@school.example.org", Password);
            foreach (var url in Pages())
            {
                await page.GotoAsync(url);
                await page.WaitForInteractiveAsync();
                await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToBeVisibleAsync();
                if (await SidewaysAsync(page, url, width) is { } problem) problems.Add(problem);
                await page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"layout-{width}-{(url.Length == 0 ? "home" : url.Replace(planId.ToString(), "plan").Replace(draftId.ToString(), "draft").Replace('/', '-').Split('?')[0])}.png"), FullPage = true });
            }

            // The navigation: behind a menu button on a phone, reachable from the keyboard.
            await page.GotoAsync("my-fsp");
            await page.WaitForInteractiveAsync();
            var main = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
            var menu = page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
            if (width < 960)
            {
                await Assertions.Expect(main.GetByRole(AriaRole.Link, new() { Name = "Home" })).ToBeHiddenAsync();
                await menu.FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
            }
            await main.GetByRole(AriaRole.Link, new() { Name = "Home" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Home", Level = 1 })).ToBeVisibleAsync();
            if (width < 960) await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false"); // closed again after navigating

            if (width == 390)
                foreach (var (url, name) in new[] { ("", "Home"), ("my-fsp", "My FSP"), ($"plans/{draftId}/edit/1", "A stepper step"), ($"plans/{planId}", "Overview") })
                {
                    await page.GotoAsync(url);
                    await page.WaitForInteractiveAsync();
                    await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToBeVisibleAsync();
                    axe.AddRange(await page.AxeViolationsAsync($"{name} at 390 px"));
                }
            if (width == 390)
            {
                // On a phone My FSP's headers are hidden (its cells stack): "Sort by" and "Order" sort instead.
                await page.GotoAsync("my-fsp");
                await page.WaitForInteractiveAsync();
                await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Family name" })).ToBeHiddenAsync();
                await page.GetByLabel("Sort by", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Family name" });
                await page.GetByLabel("Order", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Descending" });
                var familyHeader = page.GetByRole(AriaRole.Columnheader, new() { Name = "Family name", IncludeHidden = true });
                await Assertions.Expect(familyHeader).ToHaveAttributeAsync("aria-sort", "descending");
            }
        }

        // One product: the sign-in page's bar and main button look like the portal's.
        const string Looks = "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.color, s.textTransform, s.borderRadius, s.fontFamily].join(' | '); }";
        const string BarHeight = "e => Math.round(e.getBoundingClientRect().height)";
        var signIn = await Browser.NewPageAsync(BaseUrl, 1366, 900);
        await signIn.GotoAsync("Account/Login");
        var accountButton = await signIn.GetByRole(AriaRole.Button, new() { Name = "Continue" }).EvaluateAsync<string>(Looks);
        var accountBar = await signIn.Locator("header").EvaluateAsync<int>(BarHeight);

        // A laptop: every column of My FSP is on screen.
        var laptop = await Browser.NewPageAsync(BaseUrl, 1366, 900);
        await PortalSession.SignInAsync(Portal, laptop, "sam@school.example.org", Password);
        await laptop.GotoAsync("my-fsp");
        await laptop.WaitForInteractiveAsync();
        await laptop.ScreenshotAsync(new() { Path = Path.Combine(shots, "layout-1366-my-fsp-top.png") });
        var nextReview = laptop.GetByRole(AriaRole.Columnheader, new() { Name = "Next review" });
        await Assertions.Expect(nextReview).ToBeInViewportAsync(new() { Ratio = 1 });
        await Assertions.Expect(laptop.GetByLabel("Sort by", new() { Exact = true })).ToBeHiddenAsync(); // the headers sort here
        var headerHeights = await laptop.GetByRole(AriaRole.Columnheader).EvaluateAllAsync<double[]>("hs => hs.map(h => h.getBoundingClientRect().height)");
        Assert.True(headerHeights.Max() < 2.2 * headerHeights.Min(), $"a My FSP header wraps: heights {string.Join(", ", headerHeights)}");
        if (await SidewaysAsync(laptop, "my-fsp", 1366) is { } wide) problems.Add(wide);
        await laptop.GotoAsync("plans/new");
        await laptop.WaitForInteractiveAsync();
        Assert.Equal(await laptop.GetByRole(AriaRole.Button, new() { Name = "Start a new plan" }).EvaluateAsync<string>(Looks), accountButton);
        Assert.Equal(await laptop.Locator("header").First.EvaluateAsync<int>(BarHeight), accountBar);
        foreach (var (url, name) in new[] { ("", "home"), ("my-fsp", "my-fsp"), ($"plans/{planId}/edit/3", "step"), ($"plans/{planId}", "overview") })
        {
            await laptop.GotoAsync(url);
            await laptop.WaitForInteractiveAsync();
            await laptop.ScreenshotAsync(new() { Path = Path.Combine(shots, $"layout-1366-{name}.png"), FullPage = true });
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(axe.Count == 0, string.Join(Environment.NewLine, axe));
    }
}
