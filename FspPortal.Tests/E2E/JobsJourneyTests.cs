using System.Text.RegularExpressions;
using FspPortal.Tests.Support;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>
/// A practitioner has My FSP open on a plan whose reference is pending; an admin presses "Run now" on the nightly
/// numbering; the reference appears on the practitioner's page without a reload, and the run is listed. axe on Jobs.
/// </summary>
[Trait("Category", "E2E")]
public sealed class JobsJourneyTests : BrowserJourney
{
    protected override async Task SeedAsync()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        await Portal.CreateUserAsync("ada@council.example.org", Password, "Ada Admin", admin: true);
        await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-1)));
    }

    [Fact]
    public async Task Run_now_numbers_the_plan_and_the_practitioners_open_list_shows_it()
    {
        var sam = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, sam, "sam@school.example.org", Password);
        await sam.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "My FSP" }).ClickAsync();
        var row = sam.GetByRole(AriaRole.Row).Filter(new() { HasText = "Owen Smith" });
        await Assertions.Expect(row).ToContainTextAsync("pending");

        var ada = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, ada, "ada@council.example.org", Password);
        await ada.GotoAsync("admin/jobs");
        await ada.WaitForInteractiveAsync();
        await Assertions.Expect(ada.GetByRole(AriaRole.Heading, new() { Name = "Jobs", Level = 1 })).ToBeVisibleAsync();
        var scheduled = ada.GetByRole(AriaRole.Region, new() { Name = "Scheduled jobs" });
        await Assertions.Expect(scheduled.GetByRole(AriaRole.Row).Filter(new() { HasText = "Nightly numbering" })).ToContainTextAsync("Every night at 01:00");
        await Assertions.Expect(scheduled.GetByRole(AriaRole.Row).Filter(new() { HasText = "Review sweep" })).ToContainTextAsync("Every night at 01:15");
        var axe = (await ada.AxeViolationsAsync("Jobs")).ToList();
        await ada.GetByRole(AriaRole.Button, new() { Name = "Run now: Nightly numbering" }).ClickAsync();

        await Assertions.Expect(row).ToContainTextAsync("FSP-000001");
        var runs = ada.GetByRole(AriaRole.Region, new() { Name = "Recent runs" });
        await Assertions.Expect(runs.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("1 plan numbered (FSP-000001 to FSP-000001).");
        await Assertions.Expect(runs.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(new Regex("Succeeded"));
        await Assertions.Expect(runs.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Run now by ada@council.example.org");
        axe.AddRange(await ada.AxeViolationsAsync("Jobs after a run"));
        await ada.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "admin-jobs.png"), FullPage = true });

        Assert.True(axe.Count == 0, string.Join(Environment.NewLine, axe));
    }
}
