using FspPortal.Domain.Plans;
using FspPortal.Tests.Domain.Plans;
using FspPortal.Tests.Support;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>My FSP as a practitioner uses it: finding a plan by a name as really spelled, and sorting by each column's header.</summary>
[Trait("Category", "E2E")]
public sealed class MyFspJourneyTests : BrowserJourney
{
    protected override async Task SeedAsync()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        var irish = PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-3), firstName: "Siobhán", lastName: "Ó'Connor", postcode: "SO14 3XY", familyName: "Ó'Connor");
        irish.SetFamilyMembers([PlanBuilder.Child("Łukasz Nowak", 7)], PlanBuilder.Today);
        await Portal.AddAsync(irish, "FSP-000002");
        await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-2), firstName: "Mia", lastName: "Jones", postcode: "PO4 8QQ",
            dateOfBirth: new DateOnly(2019, 1, 9), familyName: "Jones"), "FSP-000001");
        await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-1), firstName: "Zac", lastName: "Adams", postcode: "PO1 2AB",
            dateOfBirth: new DateOnly(2012, 12, 1), familyName: "Adams")); // no reference yet: "pending"
    }

    private static async Task<string> ChildrenInOrderAsync(IPage page)
    {
        var links = page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link);
        return string.Join(",", (await links.AllInnerTextsAsync()).Select(t => t.Split(' ')[0]));
    }

    /// <summary>Waits until the list shows these children in this order (the grid reloads from the server after each change).</summary>
    private static async Task ExpectChildrenAsync(IPage page, string expected, string after)
    {
        var seen = "";
        try { await Eventually.TrueAsync(async () => (seen = await ChildrenInOrderAsync(page)) == expected, ""); }
        catch (Xunit.Sdk.XunitException) { await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "my-fsp-failure.png") }); Assert.Fail($"After {after}, My FSP lists \"{seen}\", expected \"{expected}\"."); }
    }

    private static async Task SortByAsync(IPage page, string column, string expected)
    {
        await page.GetByRole(AriaRole.Columnheader, new() { Name = column }).GetByText(column, new() { Exact = true }).ClickAsync();
        await ExpectChildrenAsync(page, expected, $"sorting by {column}");
    }

    [Fact]
    public async Task A_practitioner_finds_plans_by_real_names_and_sorts_every_column()
    {
        var page = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, page, "sam@school.example.org", Password);
        await page.GotoAsync("my-fsp");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Siobhán Ó'Connor" })).ToBeVisibleAsync();

        foreach (var typed in new[] { "o'connor", "O’Connor", "lukasz", "siob" })
        {
            await page.GetByLabel("Search plans").FillAsync(typed);
            await ExpectChildrenAsync(page, "Siobhán", $"searching \"{typed}\"");
        }
        await page.GetByLabel("Search plans").FillAsync("");
        await ExpectChildrenAsync(page, "Zac,Mia,Siobhán", "clearing the search (newest first)");

        // Each header sorts ascending on the first click and descending on the second.
        await SortByAsync(page, "Reference", "Zac,Mia,Siobhán");        // pending first, as the guide expects
        await SortByAsync(page, "Reference", "Siobhán,Mia,Zac");
        await SortByAsync(page, "Child", "Zac,Mia,Siobhán");            // by surname: Adams, Jones, Ó'Connor
        await SortByAsync(page, "Child", "Siobhán,Mia,Zac");
        await SortByAsync(page, "Date of birth", "Zac,Siobhán,Mia");
        await SortByAsync(page, "Date of birth", "Mia,Siobhán,Zac");
        await SortByAsync(page, "Postcode", "Zac,Mia,Siobhán");         // PO1, PO4, SO14
        await SortByAsync(page, "Postcode", "Siobhán,Mia,Zac");
        await SortByAsync(page, "Family name", "Zac,Mia,Siobhán");
        await SortByAsync(page, "Family name", "Siobhán,Mia,Zac");
    }
}
