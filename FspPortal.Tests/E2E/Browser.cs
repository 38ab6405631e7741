using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>The machine's Chromium driven by Playwright (never a downloaded browser).</summary>
public sealed class Browser : IAsyncDisposable
{
    private IPlaywright playwright = default!;
    public IBrowser Chromium { get; private set; } = default!;

    public static async Task<Browser> LaunchAsync()
    {
        // Expectations wait for their condition up to 30 s (Playwright's default is 5 s): CI may be a busy machine.
        Assertions.SetDefaultExpectTimeout(30_000);
        var browser = new Browser { playwright = await Playwright.CreateAsync() };
        browser.Chromium = await browser.playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("FSP_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
        return browser;
    }

    public async Task<IPage> NewPageAsync(string baseUrl, int width = 1280, int height = 900, string locale = "en-GB")
    {
        var context = await Chromium.NewContextAsync(new() { BaseURL = baseUrl, Locale = locale, ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        playwright.Dispose();
    }
}

public static class PageExtensions
{
    /// <summary>Clicks on prerendered HTML are lost: wait until the circuit has made the page interactive.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    /// <summary>axe-core over the whole page (WCAG 2.2 AA); returns one line per violation, empty when clean.</summary>
    public static async Task<IReadOnlyList<string>> AxeViolationsAsync(this IPage page, string pageName)
    {
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
        return result.Violations
            .Select(v => $"{pageName}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
    }
}

/// <summary>
/// Browser journeys run one at a time (each starts a server and a Chromium): on two cores, two at once make
/// timings such as "within 2 seconds" depend on what else is running.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "Browser journeys";
}

/// <summary>
/// The two-server journeys (two published portals, PostgreSQL and Chromium) run alone, after everything else: beside
/// the PostgreSQL pass's parallel integration tests on two cores, a page on one of the two servers stalled past 30 s
/// twice in CI (a sign-in page's load, an attach search), though each passes alone every time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TwoServerJourneysCollection
{
    public const string Name = "Two-server browser journeys";
}
