using FspPortal.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>
/// A 100 KB paste into a stepper field used to drop the live connection (over the 32 KB message limit): the page
/// reloaded an older draft and the text was lost, silently. Now the browser keeps the part that fits, says so next to
/// the field, and the connection (and everything typed) stays.
/// </summary>
[Trait("Category", "E2E")]
public sealed class LongInputJourneyTests : BrowserJourney
{
    private Guid planId;

    protected override async Task SeedAsync()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        planId = await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-10)), "FSP-000042");
    }

    [Fact]
    public async Task Pasting_100_KB_into_a_field_keeps_the_connection_says_what_was_cut_and_loses_nothing_typed()
    {
        var page = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, page, "sam@school.example.org", Password);
        await page.GotoAsync($"plans/{planId}/edit/5");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Step 5 of 9: Family's Story", Level = 2 })).ToBeVisibleAsync();

        await page.GetByLabel("Key events happening now").FillAsync("Mum has started a new job; mornings are hard.");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Draft saved" })).ToBeVisibleAsync();

        // What the browser does on Ctrl+V: a paste event carrying the clipboard's text (102,400 characters here).
        var pastedInto = page.GetByLabel("Past events");
        await pastedInto.FillAsync("Moved house. ");
        await pastedInto.EvaluateAsync("""
            field => {
                const data = new DataTransfer();
                data.setData('text/plain', 'PASTED ' + 'x'.repeat(102400 - 7));
                field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """);

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "What you pasted was too long" }))
            .ToHaveTextAsync("What you pasted was too long: only the first 3,987 of its 102,400 characters were added, because this field takes up to 4,000. The rest was not added.");
        // The counter is the server's rendering of the new value: the connection carried it.
        await Assertions.Expect(page.GetByText("4000 / 4000")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "paste-cut.png") });

        // Typing again (here, deleting the last character) clears the message.
        await pastedInto.PressAsync("End");
        await pastedInto.PressAsync("Backspace");
        await Assertions.Expect(page.GetByText("What you pasted was too long")).ToHaveCountAsync(0);
        var typedAt = DateTime.UtcNow;
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await Portal.CreateDbContextAsync();
            return await db.FormDrafts.AnyAsync(d => d.PlanId == planId && d.SavedUtc >= typedAt && d.Json.Contains("Moved house. PASTED xxx"));
        }, "the draft with the pasted text");

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByLabel("Key events happening now")).ToHaveValueAsync("Mum has started a new job; mornings are hard.");
        var kept = await page.GetByLabel("Past events").InputValueAsync();
        Assert.Equal(3999, kept.Length);
        Assert.StartsWith("Moved house. PASTED xxx", kept);
    }
}
