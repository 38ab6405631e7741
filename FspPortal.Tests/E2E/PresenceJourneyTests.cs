using System.Diagnostics;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FspPortal.Tests.E2E;

/// <summary>
/// Two people on one plan in two browsers: each sees the other arrive and go, live; a save by one is told at once to the
/// other, who reloads the step keeping what they typed and saves without a conflict.
/// </summary>
public sealed class PresenceJourneyTests(ITestOutputHelper output) : BrowserJourney
{
    private const string SamEmail = "sam.hughes@school.example.org";
    private const string BeaEmail = "bea.next@hub.example.org";
    private Guid planId;

    protected override async Task SeedAsync()
    {
        var sam = await Portal.CreateUserAsync(SamEmail, Password, "Sam Hughes");
        var bea = await Portal.CreateUserAsync(BeaEmail, Password, "Bea Next", agency: "Family hub");
        var plan = PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-3));
        plan.TellFamilyStory(new FamilyStory("Moved house in the summer", "Dad left in 2024"));
        planId = await Portal.AddAsync(plan, extraMembers: [new PlanMember(bea.Id, PlanRole.TeamAroundFamily, true)]);
    }

    private static ILocator Presence(IPage page) => page.GetByRole(AriaRole.Status, new() { Name = "Who else is on this plan" });

    [Fact]
    public async Task Each_sees_who_else_is_on_the_plan_live_and_a_save_by_one_is_told_at_once_to_the_other_whose_typing_survives()
    {
        var violations = new List<string>();
        var sam = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, sam, SamEmail, Password);
        await sam.GotoAsync($"plans/{planId}");
        await sam.WaitForInteractiveAsync();
        await Assertions.Expect(sam.GetByRole(AriaRole.Heading, new() { Name = "Child FSP Overview: Owen Smith", Level = 1 })).ToBeVisibleAsync();

        // Bea opens step 3: Sam's overview says so, live.
        var bea = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, bea, BeaEmail, Password);
        await bea.GotoAsync($"plans/{planId}/edit/3");
        await bea.WaitForInteractiveAsync();
        var opened = Stopwatch.StartNew();
        await Assertions.Expect(Presence(sam)).ToContainTextAsync("Bea Next is editing step 3: Family members and important people");
        output.WriteLine($"Sam saw Bea on step 3 {opened.ElapsedMilliseconds} ms after her page became interactive");
        await Assertions.Expect(Presence(bea)).ToContainTextAsync("Sam Hughes is viewing");
        violations.AddRange(await sam.AxeViolationsAsync("Overview with someone else editing"));
        violations.AddRange(await bea.AxeViolationsAsync("Step 3 with someone else viewing"));

        // Bea closes her tab: she is gone from Sam's page within seconds.
        await bea.Context.CloseAsync();
        await Assertions.Expect(sam.GetByText("Bea Next is editing")).ToHaveCountAsync(0);

        // Both open the Family's Story. Sam types; Bea changes another field and saves.
        bea = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, bea, BeaEmail, Password);
        await bea.GotoAsync($"plans/{planId}/edit/5");
        await bea.WaitForInteractiveAsync();
        await sam.GotoAsync($"plans/{planId}/edit/5");
        await sam.WaitForInteractiveAsync();
        await Assertions.Expect(Presence(sam)).ToContainTextAsync("Bea Next is editing step 5: Family's Story");
        var samPast = sam.GetByLabel("Past events");
        await samPast.ClickAsync();
        await samPast.PressAsync("End");
        await samPast.PressSequentiallyAsync("; back in touch since May", new() { Delay = 20 });
        await Assertions.Expect(samPast).ToHaveValueAsync("Dad left in 2024; back in touch since May");

        await bea.GetByLabel("Key events happening now").FillAsync("Moved house in the summer; new school in September");
        await bea.GetByRole(AriaRole.Button, new() { Name = "Save and return to the overview" }).ClickAsync();
        await Assertions.Expect(bea.GetByRole(AriaRole.Heading, new() { Name = "Child FSP Overview: Owen Smith", Level = 1 })).ToBeVisibleAsync();

        // Sam is told at once (before pressing Save), and reloads the step with his typing kept.
        var told = sam.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Bea Next has just saved this step." });
        await Assertions.Expect(told).ToBeVisibleAsync();
        violations.AddRange(await sam.AxeViolationsAsync("Step 5 told of a save elsewhere"));
        await sam.GetByRole(AriaRole.Button, new() { Name = "Reload this step (keeps what you typed)" }).ClickAsync();
        await Assertions.Expect(told).ToHaveCountAsync(0);
        await Assertions.Expect(sam.GetByLabel("Key events happening now")).ToHaveValueAsync("Moved house in the summer; new school in September");
        await Assertions.Expect(samPast).ToHaveValueAsync("Dad left in 2024; back in touch since May");
        await sam.GetByRole(AriaRole.Button, new() { Name = "Save and return to the overview" }).ClickAsync();
        await Assertions.Expect(sam.GetByRole(AriaRole.Heading, new() { Name = "Child FSP Overview: Owen Smith", Level = 1 })).ToBeVisibleAsync();

        await using var db = await Portal.CreateDbContextAsync();
        var story = (await db.Plans.SingleAsync(p => p.Id == planId)).ToPlan().FamilyStory;
        Assert.Equal("Moved house in the summer; new school in September", story.KeyEventsNow);
        Assert.Equal("Dad left in 2024; back in touch since May", story.PastEvents);
        Assert.Empty(violations);
    }
}
