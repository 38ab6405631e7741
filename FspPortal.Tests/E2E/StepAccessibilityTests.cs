using FspPortal.Tests.Support;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>axe-core on every step of a fresh draft: empty, then after Next on the empty form (the error state).</summary>
[Trait("Category", "E2E")]
public sealed class StepAccessibilityTests : BrowserJourney
{
    protected override Task SeedAsync() => Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");

    [Fact]
    public async Task Every_step_has_no_axe_violations_empty_or_with_errors()
    {
        var page = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, page, "sam@school.example.org", "tangerine bicycle under moonlight");
        await page.GotoAsync("plans/new");
        await page.WaitForInteractiveAsync();
        var violations = new List<string>(await page.AxeViolationsAsync("Create New FSP Plan"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Start a new plan" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/edit/1$")); // polls the address: the step opens by the circuit's navigation, with no "load" event to wait for
        var planPath = new Uri(page.Url).AbsolutePath.Replace("/edit/1", "");

        foreach (var step in FspPortal.Web.Features.Plans.Wizard.WizardSteps.All)
        {
            await page.GotoAsync($"{planPath.TrimStart('/')}/edit/{step.Number}");
            await page.WaitForInteractiveAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = step.Title, Level = 1 })).ToBeVisibleAsync();
            violations.AddRange(await page.AxeViolationsAsync($"Step {step.Number} empty"));

            var next = page.GetByRole(AriaRole.Button, new() { Name = step.Number == 9 ? "Next: check your answers" : "Next", Exact = true });
            await next.ClickAsync();
            var summary = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" });
            var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
            // Steps with mandatory fields refuse an empty form; the optional ones move on.
            await Assertions.Expect(summary.Or(heading.Filter(new() { HasNotText = step.Title }))).ToBeVisibleAsync();
            if (await summary.IsVisibleAsync())
            {
                await Assertions.Expect(summary).ToBeFocusedAsync();
                violations.AddRange(await page.AxeViolationsAsync($"Step {step.Number} with errors"));
            }
        }

        await page.GotoAsync($"{planPath.TrimStart('/')}/check");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Finish" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The plan cannot be finished yet");
        violations.AddRange(await page.AxeViolationsAsync("Check your answers, refused"));

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }
}
