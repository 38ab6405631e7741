using System.Text.RegularExpressions;
using FspPortal.Tests.Support;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>
/// Two users in two browser contexts: A asks B to take over a plan while B has Home open; the card appears live, B says
/// Yes, A's open overview shows B as coordinator without a reload, both have the emails; then B removes A, and A's open
/// overview stops showing the plan. axe on the attach dialog, the transfer card and the shared-with list.
/// </summary>
[Trait("Category", "E2E")]
public sealed class TransferJourneyTests : BrowserJourney
{
    private Guid planId;

    protected override async Task SeedAsync()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        await Portal.CreateUserAsync("bea@hub.example.org", Password, "Bea Next");
        planId = await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-3)));
    }

    [Fact]
    public async Task A_transfer_is_authorised_live_and_a_removed_user_loses_the_open_plan()
    {
        var axe = new List<string>();
        var bea = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, bea, "bea@hub.example.org", Password);
        await Assertions.Expect(bea.GetByText("No plans are waiting for you to authorise a transfer.")).ToBeVisibleAsync();

        var sam = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, sam, "sam@school.example.org", Password);
        await sam.GotoAsync($"plans/{planId}");
        await sam.WaitForInteractiveAsync();
        var dialog = await sam.PickUserToAttachAsync("bea", "Bea Next (bea@hub.example.org)");
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "FSP Coordinator" }).CheckAsync();
        await dialog.GetByLabel("Handover note (optional)").FillAsync("I am moving to another school.");
        axe.AddRange(await sam.AxeViolationsAsync("Attach user dialog"));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(sam.GetByText("Transfer requested.")).ToBeVisibleAsync();

        // B's Home shows the card without a reload; B says Yes.
        var card = bea.Locator(".transfer-card");
        await Assertions.Expect(card).ToContainTextAsync("Sam Hughes asks you to take over coordination");
        await Assertions.Expect(card).ToContainTextAsync("I am moving to another school.");
        axe.AddRange(await bea.AxeViolationsAsync("Transfer card"));
        await bea.ChooseAsync("Authorise Transfer for Owen Smith", "Yes");
        await bea.GetByRole(AriaRole.Button, new() { Name = "Save the decision for Owen Smith" }).ClickAsync();
        await Assertions.Expect(bea.GetByText("You are now a coordinator of the plan for Owen Smith.")).ToBeVisibleAsync();

        // A's open overview follows: Bea is coordinator, Sam a team member.
        var shared = sam.GetByRole(AriaRole.Region, new() { Name = "Who is the FSP shared with" });
        var beaRow = shared.GetByRole(AriaRole.Row).Filter(new() { HasText = "bea@hub.example.org" });
        await Assertions.Expect(beaRow).ToContainTextAsync("FSP Coordinator");
        await Assertions.Expect(shared.GetByRole(AriaRole.Row).Filter(new() { HasText = "sam@school.example.org" })).ToContainTextAsync("Team around the family");
        axe.AddRange(await sam.AxeViolationsAsync("Shared-with list"));
        await Portal.LatestEmailAsync("bea@hub.example.org", "authorise a transfer");
        await Portal.LatestEmailAsync("sam@school.example.org", "was authorised");

        // B removes A; A's open overview stops showing the plan.
        await bea.GotoAsync($"plans/{planId}");
        await bea.WaitForInteractiveAsync();
        await bea.GetByRole(AriaRole.Button, new() { Name = "Remove Sam Hughes from the plan" }).ClickAsync();
        await bea.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(bea.GetByText("Sam Hughes has been removed from the plan.")).ToBeVisibleAsync();
        await Assertions.Expect(sam.GetByRole(AriaRole.Heading, new() { Name = "Plan not found", Level = 1 })).ToBeVisibleAsync();

        Assert.True(axe.Count == 0, string.Join(Environment.NewLine, axe));
    }
}
