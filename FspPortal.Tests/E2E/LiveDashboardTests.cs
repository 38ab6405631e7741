using System.Text.RegularExpressions;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>
/// Two signed-in users on one plan: B watches Home while A closes the plan from its overview, and B's tiles change
/// without a reload. My FSP finds the plan by postcode; a stranger's direct link shows "not found". axe on each page.
/// </summary>
[Trait("Category", "E2E")]
public sealed class LiveDashboardTests : BrowserJourney
{
    private Guid planId;

    protected override async Task SeedAsync()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        var bea = await Portal.CreateUserAsync("bea@hub.example.org", Password, "Bea Team");
        await Portal.CreateUserAsync("sid@elsewhere.example.org", Password, "Sid Stranger");
        planId = await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-3), postcode: "PO1 2AB"),
            extraMembers: [new PlanMember(bea.Id, PlanRole.TeamAroundFamily, true)]);
    }

    [Fact]
    public async Task Closing_a_plan_changes_another_users_tiles_live_and_strangers_find_nothing()
    {
        var axe = new List<string>();
        var tiles = (IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Your plans by category" });

        // B watches Home.
        var bea = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, bea, "bea@hub.example.org", Password);
        await Assertions.Expect(tiles(bea).GetByRole(AriaRole.Link, new() { Name = "Completed" })).ToHaveTextAsync(new Regex(@"^\s*1\s*Completed"));
        await Assertions.Expect(tiles(bea).GetByRole(AriaRole.Link, new() { Name = "Closed" })).ToHaveTextAsync(new Regex(@"^\s*0\s*Closed"));
        axe.AddRange(await bea.AxeViolationsAsync("Home"));

        // A finds the plan on My FSP by postcode (without the space) and closes it from the overview.
        var sam = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, sam, "sam@school.example.org", Password);
        await sam.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "My FSP" }).ClickAsync();
        // Wait for My FSP itself: Home may list the same child under "reviews due", and the click's navigation takes a moment.
        await Assertions.Expect(sam.GetByRole(AriaRole.Heading, new() { Name = "My FSP", Level = 1 })).ToBeVisibleAsync();
        await sam.WaitForInteractiveAsync();
        await Assertions.Expect(sam.GetByRole(AriaRole.Link, new() { Name = "Owen Smith", Exact = true })).ToBeVisibleAsync();
        axe.AddRange(await sam.AxeViolationsAsync("My FSP with data"));
        await sam.GetByLabel("Search plans").FillAsync("po12ab");
        await Assertions.Expect(sam.GetByRole(AriaRole.Cell, new() { Name = "PO1 2AB" })).ToBeVisibleAsync();
        await sam.GetByRole(AriaRole.Link, new() { Name = "Owen Smith", Exact = true }).ClickAsync();
        await Assertions.Expect(sam.GetByRole(AriaRole.Heading, new() { Name = "Child FSP Overview: Owen Smith", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(sam.GetByRole(AriaRole.Cell, new() { Name = "Bea Team", Exact = true })).ToBeVisibleAsync();
        axe.AddRange(await sam.AxeViolationsAsync("Overview"));
        await sam.GetByRole(AriaRole.Button, new() { Name = "Change status" }).ClickAsync();
        await sam.ChooseAsync("Close the family support plan because", "Needs met / outcomes achieved");
        await sam.GetByRole(AriaRole.Button, new() { Name = "Close the plan" }).ClickAsync();
        // The plan's need asks for an answer first: the dialog says so beside it and keeps what was chosen.
        var progress = sam.GetByRole(AriaRole.Radiogroup, new() { Name = "Significant and sustained progress on Getting a good education" });
        await Assertions.Expect(sam.GetByText("Say whether the family made significant and sustained progress on Getting a good education: yes, partly or no.")).ToBeVisibleAsync();
        await progress.GetByRole(AriaRole.Radio, new() { Name = "Partly" }).CheckAsync();
        await sam.GetByRole(AriaRole.Button, new() { Name = "Close the plan" }).ClickAsync();
        await Assertions.Expect(sam.GetByText("Give the evidence of the progress.")).ToBeVisibleAsync();
        await sam.GetByLabel("Evidence of progress on Getting a good education").FillAsync("Late twice this month, was daily");
        axe.AddRange(await sam.AxeViolationsAsync("Close dialog with outcomes"));
        await sam.GetByRole(AriaRole.Button, new() { Name = "Close the plan" }).ClickAsync();
        await Assertions.Expect(sam.GetByText("The plan is closed.")).ToBeVisibleAsync();

        // B's tiles follow with no reload (waited for, not timed: speed is measured in benchmarks/).
        await Assertions.Expect(tiles(bea).GetByRole(AriaRole.Link, new() { Name = "Closed" })).ToHaveTextAsync(new Regex(@"^\s*1\s*Closed"));
        await Assertions.Expect(tiles(bea).GetByRole(AriaRole.Link, new() { Name = "Completed" })).ToHaveTextAsync(new Regex(@"^\s*0\s*Completed"));
        // The overview's history, in words: who (name and agency) and what.
        await Assertions.Expect(sam.GetByRole(AriaRole.Row).Filter(new() { HasText = "Closed: Needs met / outcomes achieved" })).ToContainTextAsync("Sam Hughes (School)");
        axe.AddRange(await sam.AxeViolationsAsync("Closed overview"));

        // A stranger's direct link: not found; their My FSP is empty.
        var sid = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, sid, "sid@elsewhere.example.org", Password);
        await sid.GotoAsync($"plans/{planId}");
        await Assertions.Expect(sid.GetByRole(AriaRole.Heading, new() { Name = "Plan not found", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(sid.GetByText("Owen")).ToHaveCountAsync(0);
        await sid.GotoAsync("my-fsp");
        await sid.WaitForInteractiveAsync();
        await Assertions.Expect(sid.GetByText("You are not attached to any family support plans yet.")).ToBeVisibleAsync();
        axe.AddRange(await sid.AxeViolationsAsync("My FSP empty"));

        Assert.True(axe.Count == 0, string.Join(Environment.NewLine, axe));
    }
}
