using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>
/// In Chromium a page is rendered twice (prerendered HTML, then interactive): each view still makes exactly one audit
/// line. A page loaded in full records once; a page reached by a link inside the app (no prerender) records once; an
/// admin who is not on the plan is recorded as such. Each check waits for a later, known line before counting, so it
/// never depends on timing.
/// </summary>
[Trait("Category", "E2E")]
public sealed class ReadAuditJourneyTests : BrowserJourney
{
    private Guid planId;

    protected override async Task SeedAsync()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        await Portal.CreateUserAsync("ada@council.example.org", Password, "Ada Admin", admin: true);
        planId = await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-20)));
        await Portal.AddReviewAsync(planId, sam.Id);
    }

    private async Task<int> CountAsync(string action, string details, string who)
    {
        await using var db = await Portal.CreateDbContextAsync();
        var id = planId.ToString();
        return await db.AuditEntries.CountAsync(a => a.TargetId == id && a.Action == action && a.Details == details && a.ActorName == who);
    }

    private Task WaitForLineAsync(string action, string details, string who, int count = 1) =>
        Eventually.TrueAsync(async () => await CountAsync(action, details, who) >= count, $"{count} × {action} {details} by {who}");

    [Fact]
    public async Task Each_page_view_in_the_browser_is_one_audit_line_for_members_and_for_admins()
    {
        const string Sam = "Sam Hughes (School)", Ada = "Ada Admin (School)";
        var page = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, page, "sam@school.example.org", Password);

        // The overview, loaded in full: prerendered, then interactive.
        await page.GotoAsync($"plans/{planId}");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Child FSP Overview: Owen Smith" })).ToBeVisibleAsync();
        // Edit, inside the app: no prerender, so the interactive render records step 1.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Step 1 of 9: Consent and practitioner", Level = 2 })).ToBeVisibleAsync();
        await WaitForLineAsync(PlanAuditActions.Viewed, "step 1 of the stepper (Consent and practitioner)", Sam);
        Assert.Equal(1, await CountAsync(PlanAuditActions.Viewed, "the overview", Sam));

        // The printable plan and a review, loaded in full; back to the overview by its link.
        await page.GotoAsync($"plans/{planId}/print");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the plan overview" }).ClickAsync();
        await WaitForLineAsync(PlanAuditActions.Viewed, "the overview", Sam, count: 2);
        Assert.Equal(1, await CountAsync(PlanAuditActions.Viewed, "the printable plan", Sam));
        Assert.Equal(1, await CountAsync(PlanAuditActions.Viewed, "step 1 of the stepper (Consent and practitioner)", Sam));

        await page.GotoAsync($"plans/{planId}/reviews/1");
        await page.WaitForInteractiveAsync();
        await page.GotoAsync($"plans/{planId}/check");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "My FSP", Exact = true }).ClickAsync();
        await WaitForLineAsync(PlanAuditActions.Viewed, "Check answers", Sam);
        Assert.Equal(1, await CountAsync(PlanAuditActions.Viewed, "review 1", Sam));
        Assert.Equal(1, await CountAsync(PlanAuditActions.Viewed, "Check answers", Sam));

        // An admin who is not on the plan sees its outline, gives a reason (break-glass), and then reads it: one line
        // each, as an admin, and the coordinator is told by email.
        var admin = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, admin, "ada@council.example.org", Password);
        await admin.GotoAsync($"plans/{planId}");
        await admin.WaitForInteractiveAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Open this plan's content", Level = 2 })).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByText("Owen")).ToHaveCountAsync(0);
        await Assertions.Expect(admin.GetByText("Sam Hughes (School)")).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Open the plan (recorded)" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" })).ToContainTextAsync("Choose why you need to open the plan.");
        var axe = await admin.AxeViolationsAsync("Break-glass reason form with errors");
        await admin.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "break-glass.png"), FullPage = true });
        await admin.ChooseAsync("Reason for opening the plan", "Asked to help by someone on the plan");
        await admin.GetByLabel("What you need it for").FillAsync("Support ticket 4411: the PDF will not open");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Open the plan (recorded)" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("You are viewing this plan as an administrator")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Child FSP Overview: Owen Smith", Level = 1 })).ToBeVisibleAsync();
        Assert.True(axe.Count == 0, string.Join(Environment.NewLine, axe));
        var told = await Portal.LatestEmailAsync("sam@school.example.org", "An administrator opened a Family Support Plan you coordinate");
        Assert.Contains("Ada Admin (School)", told.TextBody);
        Assert.Contains("Asked to help by someone on the plan – Support ticket 4411: the PDF will not open", told.TextBody);
        Assert.Equal(1, await CountAsync(PlanAuditActions.BreakGlass, "Asked to help by someone on the plan – Support ticket 4411: the PDF will not open", Ada));
        await admin.GetByRole(AriaRole.Link, new() { Name = "Open review 1" }).ClickAsync();
        await WaitForLineAsync(PlanAuditActions.AdminViewed, "review 1", Ada);
        Assert.Equal(1, await CountAsync(PlanAuditActions.AdminViewed, "the overview", Ada));
        Assert.Equal(1, await CountAsync(PlanAuditActions.AdminViewed, "review 1", Ada));

        // And History names them in words.
        await page.GotoAsync($"plans/{planId}");
        await page.WaitForInteractiveAsync();
        var history = page.GetByRole(AriaRole.Region, new() { Name = "History" });
        await Assertions.Expect(history.GetByRole(AriaRole.Row).Filter(new() { HasText = "Viewed review 1 as an administrator (not on the plan)" })).ToContainTextAsync(Ada);
        await Assertions.Expect(history.GetByRole(AriaRole.Row).Filter(new() { HasText = "Added review 1" })).ToContainTextAsync(Sam);
        await Assertions.Expect(history.GetByRole(AriaRole.Row).Filter(new() { HasText = "Opened the plan as an administrator (not on the plan), giving the reason" }))
            .ToContainTextAsync("Support ticket 4411");
    }
}
