using FspPortal.Tests.Outcomes;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Outcomes;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace FspPortal.Tests.E2E;

/// <summary>
/// "How many families made sustained progress on housing last quarter?" answered by a manager from one page: the Outcomes
/// page opens on the last whole quarter, the by-outcome table says it, its number lists the plans (references, no names),
/// and the quarterly return downloads in one click. A practitioner exports My FSP to Excel. axe on every page.
/// </summary>
[Trait("Category", "E2E")]
public sealed class OutcomesJourneyTests : BrowserJourney
{
    private readonly OutcomeCouncil council = new();

    protected override async Task SeedAsync()
    {
        await council.SeedAsync(Portal);
        var mia = await Portal.CreateUserAsync("mia@council.example.org", Password, "Mia Manager", agency: "Council");
        await Portal.MakeManagerAsync(mia);
        // Sam's plan closed seven months ago with progress on housing claimed: its 6-month check is due and not recorded.
        var closedOn = DateTime.UtcNow.AddMonths(-7);
        var owed = PlanSeeder.Completed(council.Sam.Id, closedOn.AddDays(-60), firstName: "Olive", lastName: "Owed");
        owed.ChooseNeeds(["housing"], FspPortal.Tests.Domain.Plans.PlanBuilder.Aspects);
        owed.Close(council.Sam.Id, "needs-met", null, ["needs-met"], closedOn, [new FspPortal.Domain.Plans.NeedOutcome("housing", FspPortal.Domain.Plans.ProgressAtClosure.Yes, "Tenancy signed")]);
        owedPlan = await Portal.AddAsync(owed, reference: "FSP-000107");
    }

    private Guid owedPlan;

    [Fact]
    public async Task A_coordinator_records_the_6_month_check_from_home()
    {
        var page = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, page, "sam@school.example.org", Password);
        var due = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "6-month check due" });
        await Assertions.Expect(due).ToContainTextAsync("Olive Owed");
        await due.GetByRole(AriaRole.Link, new() { Name = "Record the 6-month check for Olive Owed" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Child FSP Overview: Olive Owed", Level = 1 })).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();

        var needs = page.GetByRole(AriaRole.Region, new() { Name = "Needs and outcomes" });
        await needs.GetByRole(AriaRole.Button, new() { Name = "Record the 6-month check" }).ClickAsync();
        await Assertions.Expect(needs.GetByText("Say whether the progress on Secure housing was sustained.")).ToBeVisibleAsync(); // nothing chosen yet
        await needs.GetByRole(AriaRole.Radiogroup, new() { Name = "Was the progress on Secure housing sustained?" }).GetByRole(AriaRole.Radio, new() { Name = "Sustained", Exact = true }).CheckAsync();
        await needs.GetByLabel("Note (optional): what shows it").FillAsync("Still in the flat, rent paid");
        var axe = await page.AxeViolationsAsync("Overview with the 6-month check form");
        await needs.GetByRole(AriaRole.Button, new() { Name = "Record the 6-month check" }).ClickAsync();

        await Assertions.Expect(needs).ToContainTextAsync("progress sustained on 1 of 1 need. Note: Still in the flat, rent paid");
        var housing = needs.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Secure housing" }) });
        await Assertions.Expect(housing.GetByRole(AriaRole.Cell).Last).ToHaveTextAsync("Sustained");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "History" })).ToContainTextAsync("Recorded the 6-month check: progress sustained on 1 of 1 need");
        Assert.True(axe.Count == 0, string.Join(Environment.NewLine, axe));
    }

    [Fact]
    public async Task A_manager_answers_the_housing_question_from_one_page_and_downloads_the_return()
    {
        var axe = new List<string>();
        var page = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, page, "mia@council.example.org", Password);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Outcomes" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Outcomes", Level = 1 })).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();

        // The last whole quarter is shown first.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = new OutcomeFilter(council.Quarter.From, council.Quarter.To, null).PeriodText, Level = 2 })).ToBeVisibleAsync();
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Needs and progress by outcome" });
        var housing = table.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Secure housing" }) });
        await Assertions.Expect(housing.GetByRole(AriaRole.Cell)).ToHaveTextAsync(["2", "1", "0", "1", "50%", "1", "0", "100%"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Needs of the plans started in the period, by outcome. The figures are in the table \"Needs and progress by outcome\"." })).ToBeVisibleAsync();
        axe.AddRange(await page.AxeViolationsAsync("Outcomes"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "outcomes.png"), FullPage = true });

        // The sustained number lists its plan: reference, agency and coordinator only.
        await housing.GetByRole(AriaRole.Link, new() { Name = $"1 plan: Secure housing, {OutcomePeriods.KindWords(DrillDown.Sustained)}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Plans behind a figure", Level = 1 })).ToBeVisibleAsync();
        var plans = page.GetByRole(AriaRole.Table, new() { Name = "Plans (page 1 of 1)" });
        await Assertions.Expect(plans.GetByRole(AriaRole.Row).Nth(1).GetByRole(AriaRole.Cell)).ToHaveTextAsync(["FSP-000105", "School", "Sam Hughes"]);
        await Assertions.Expect(page.GetByText(OutcomeCouncil.ChildSurnames[4])).ToHaveCountAsync(0);
        axe.AddRange(await page.AxeViolationsAsync("Plans behind a figure"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the outcome figures" }).ClickAsync();

        // The quarterly return: one click, one spreadsheet, a sheet per table.
        var button = page.GetByRole(AriaRole.Link, new() { Name = "Quarterly return (Excel)" });
        await Assertions.Expect(button).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync());
        var path = Path.Combine(Portal.DataDirectory, "return.xlsx");
        await download.SaveAsAsync(path);
        Assert.Equal(["Summary", "By outcome", "By agency", "By quarter"], MiniExcel.GetSheetNames(path));

        Assert.True(axe.Count == 0, string.Join(Environment.NewLine, axe));
    }

    [Fact]
    public async Task A_practitioner_exports_their_closed_plans_to_excel_from_my_fsp()
    {
        var page = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, page, "sam@school.example.org", Password);
        await page.GotoAsync("my-fsp?filter=closed");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "FSP-000105" })).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export Excel" }).ClickAsync());
        var path = Path.Combine(Portal.DataDirectory, "my-fsp.xlsx");
        await download.SaveAsAsync(path);
        var rows = MiniExcel.Query(path, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["FSP-000101", "FSP-000105", "FSP-000107"], rows.Select(r => r["Reference"]?.ToString()).Order());
        Assert.All(rows, r => Assert.Equal("Closed", r["Status"]?.ToString()));
    }
}
