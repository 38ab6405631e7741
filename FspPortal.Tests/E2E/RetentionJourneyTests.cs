using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>
/// Admin → Retention as an admin uses it: the plans due are listed by reference (never by name); a legal hold is placed
/// with a reason; a plan is erased on request by its reference, and its coordinator then sees it marked anonymised.
/// </summary>
[Trait("Category", "E2E")]
public sealed class RetentionJourneyTests() : BrowserJourney(new Dictionary<string, string?>
{
    ["Retention:UntilYoungestChildAge"] = "0", // 6 years after closure, whatever the child's age
    ["Jobs:Enabled"] = "false",                  // the nightly run must not beat the admin to it
})
{
    private Guid erased;

    protected override async Task SeedAsync()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        await Portal.CreateUserAsync("ada@council.example.org", Password, "Ada Admin", admin: true);
        foreach (var (reference, closed, name) in new[] { ("FSP-000007", new DateTime(2019, 6, 1, 10, 0, 0, DateTimeKind.Utc), "Hetty"), ("FSP-000008", new DateTime(2020, 11, 20, 10, 0, 0, DateTimeKind.Utc), "Ernest") })
        {
            var plan = PlanSeeder.Completed(sam.Id, closed.AddDays(-40), firstName: name);
            plan.Close(sam.Id, "needs-met", null, ["needs-met"], closed, FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan));
            var id = await Portal.AddAsync(plan, reference);
            if (reference == "FSP-000008") erased = id;
        }
        await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-5), firstName: "Still"), "FSP-000009"); // open: never listed
    }

    [Fact]
    public async Task An_admin_places_a_legal_hold_and_erases_a_plan_on_request()
    {
        var axe = new List<string>();
        var ada = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, ada, "ada@council.example.org", Password);
        await ada.GotoAsync("admin/retention");
        await ada.WaitForInteractiveAsync();

        var due = ada.GetByRole(AriaRole.Region, new() { Name = "Plans due for anonymisation" });
        await Assertions.Expect(due.GetByRole(AriaRole.Row)).ToHaveCountAsync(3); // the header and two plans
        await Assertions.Expect(due).ToContainTextAsync("FSP-000007");
        await Assertions.Expect(due).Not.ToContainTextAsync("FSP-000009");
        await Assertions.Expect(due).Not.ToContainTextAsync("Hetty"); // by reference, never by name
        axe.AddRange(await ada.AxeViolationsAsync("Admin → Retention"));

        await due.GetByRole(AriaRole.Button, new() { Name = "Place a legal hold on FSP-000007" }).ClickAsync();
        await ada.GetByRole(AriaRole.Button, new() { Name = "Place the legal hold" }).ClickAsync();
        await Assertions.Expect(ada.GetByText("Give the reason for the legal hold")).ToBeVisibleAsync();
        await ada.GetByLabel("Why keep FSP-000007").FillAsync("Family court case FC-2026-17");
        await ada.GetByRole(AriaRole.Button, new() { Name = "Place the legal hold" }).ClickAsync();
        await Assertions.Expect(due.GetByRole(AriaRole.Row).Filter(new() { HasText = "FSP-000007" })).ToContainTextAsync("Family court case FC-2026-17");
        await Assertions.Expect(due.GetByRole(AriaRole.Button, new() { Name = "Lift the legal hold on FSP-000007" })).ToBeVisibleAsync();

        var erase = ada.GetByRole(AriaRole.Region, new() { Name = "Erase a plan now" });
        await erase.GetByLabel("Plan reference").FillAsync("FSP-000007");
        await erase.GetByLabel("The erasure request (date and reference)").FillAsync("Request ER-12 of 30/11/2026");
        await erase.GetByRole(AriaRole.Button, new() { Name = "Erase the plan now" }).ClickAsync();
        await Assertions.Expect(erase.GetByRole(AriaRole.Alert)).ToContainTextAsync("legal hold"); // held plans are not erased
        await erase.GetByLabel("Plan reference").FillAsync("FSP-000008");
        await erase.GetByRole(AriaRole.Button, new() { Name = "Erase the plan now" }).ClickAsync();
        await Assertions.Expect(ada.GetByText("FSP-000008 has been anonymised.")).ToBeVisibleAsync();
        await Assertions.Expect(due).Not.ToContainTextAsync("FSP-000008");

        // Its coordinator finds it marked, with nothing left to change.
        var sam = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, sam, "sam@school.example.org", Password);
        await sam.GotoAsync($"plans/{erased}");
        await Assertions.Expect(sam.GetByRole(AriaRole.Status, new() { Name = "Anonymised" })).ToContainTextAsync("erasure request: Request ER-12 of 30/11/2026");
        await Assertions.Expect(sam.GetByRole(AriaRole.Heading, new() { Level = 1 })).Not.ToContainTextAsync("Ernest");
        await Assertions.Expect(sam.GetByRole(AriaRole.Link, new() { Name = "Edit the initial form" })).ToHaveCountAsync(0);

        Assert.True(axe.Count == 0, string.Join(Environment.NewLine, axe));
    }
}
