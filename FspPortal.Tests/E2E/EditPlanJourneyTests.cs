using FspPortal.Tests.Support;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>Editing one section of a finished plan from the overview's Initial form, without walking all nine steps.</summary>
[Trait("Category", "E2E")]
public sealed class EditPlanJourneyTests : BrowserJourney
{
    private Guid planId;

    protected override async Task SeedAsync()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        planId = await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-10)), "FSP-000042");
    }

    [Fact]
    public async Task A_coordinator_changes_the_family_members_of_a_finished_plan_and_returns_to_the_overview()
    {
        var axe = new List<string>();
        var page = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, page, "sam@school.example.org", Password);
        await page.GotoAsync($"plans/{planId}");
        await page.WaitForInteractiveAsync();

        var initialForm = page.GetByRole(AriaRole.Region, new() { Name = "Initial form" });
        await Assertions.Expect(initialForm.GetByRole(AriaRole.Link, new() { Name = "Edit the initial form" })).ToBeVisibleAsync();
        await initialForm.GetByRole(AriaRole.Link, new() { Name = "Change family members and important people" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit FSP Plan – Owen Smith", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Step 3 of 9: Family members and important people", Level = 2 })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("Edit FSP Plan – Owen Smith"));
        await page.WaitForInteractiveAsync();
        axe.AddRange(await page.AxeViolationsAsync("Editing step 3 of a finished plan"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Add a family member or important person" }).ClickAsync();
        await page.GetByLabel("Name (person 1)").FillAsync("Nia Smith");
        await page.ChooseAsync("Relationship (person 1)", "Sibling");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and return to the overview" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Child FSP Overview: Owen Smith", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your changes to \"Family members and important people\" are saved." })).ToBeVisibleAsync();
        var members = page.GetByRole(AriaRole.Region, new() { Name = "Family members and important people" });
        await Assertions.Expect(members.GetByRole(AriaRole.Cell, new() { Name = "Nia Smith" })).ToBeVisibleAsync();
        // The plan is still finished, and its history says which section changed.
        await Assertions.Expect(page.GetByText("Completed (open)")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "History" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "Edited Family members" })).ToContainTextAsync("Sam Hughes");
        axe.AddRange(await page.AxeViolationsAsync("Overview after an edit"));

        Assert.True(axe.Count == 0, string.Join(Environment.NewLine, axe));
    }

    [Fact]
    public async Task Dates_are_typed_and_shown_day_first_on_a_browser_set_to_american_english()
    {
        var page = await Browser.NewPageAsync(BaseUrl, locale: "en-US");
        await PortalSession.SignInAsync(Portal, page, "sam@school.example.org", Password);
        await page.GotoAsync($"plans/{planId}/edit/1");
        await page.WaitForInteractiveAsync();

        var consentDate = page.GetByLabel("Date consent given");
        await Assertions.Expect(consentDate).ToHaveValueAsync("01/11/2026"); // 1 November, as the seeded plan records it
        await Assertions.Expect(consentDate).ToHaveAttributeAsync("type", "text");
        await consentDate.FillAsync("05/11/2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and return to the overview" }).ClickAsync();

        var consent = page.GetByRole(AriaRole.Region, new() { Name = "Consent and practitioner" });
        await Assertions.Expect(consent.GetByText("5 November 2026")).ToBeVisibleAsync(); // the 5th of November, not 11 May
    }
}
