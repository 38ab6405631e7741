using System.IO.Compression;
using FspPortal.Tests.Support;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>
/// A subject access request as an admin answers it: find the child by name and date of birth with the request's
/// reference, see the two plans, make the export (its progress shown), download the ZIP once. axe on the page.
/// </summary>
[Trait("Category", "E2E")]
public sealed class SubjectAccessJourneyTests : BrowserJourney
{
    protected override async Task SeedAsync()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        await Portal.CreateUserAsync("ada@council.example.org", Password, "Ada Admin", admin: true);
        await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-400)), "FSP-000031");
        await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-10)), "FSP-000032");
        await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-10), firstName: "Olive"), "FSP-000033");
    }

    [Fact]
    public async Task An_admin_finds_a_child_on_two_plans_and_downloads_one_zip()
    {
        var ada = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, ada, "ada@council.example.org", Password);
        await ada.GotoAsync("admin");
        await ada.WaitForInteractiveAsync(); // a link clicked while the page's connection was starting was once lost on a busy CI machine
        await ada.GetByRole(AriaRole.Navigation, new() { Name = "Admin" }).GetByRole(AriaRole.Link, new() { Name = "Subject access" }).ClickAsync();
        await Assertions.Expect(ada.GetByRole(AriaRole.Heading, new() { Name = "Subject access request", Level = 1 })).ToBeVisibleAsync();
        await ada.WaitForInteractiveAsync();

        await ada.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(ada.GetByText("Give the reason: the request's date and reference.")).ToBeVisibleAsync();
        await ada.GetByLabel("Full name").FillAsync("Owen Smith");
        await ada.GetByLabel("Date of birth (optional)").FillAsync("04/05/2016");
        await ada.GetByLabel("Reason (the request's date and reference)").FillAsync("SAR-2026-051, received 27/11/2026");
        await ada.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        var found = ada.GetByRole(AriaRole.Region, new() { Name = "Plans found" });
        await Assertions.Expect(found.GetByRole(AriaRole.Status).First).ToContainTextAsync("2 plan(s) name that person");
        await Assertions.Expect(found.GetByRole(AriaRole.Checkbox, new() { Name = "Include FSP-000031 (Focus child: Owen Smith)" })).ToBeCheckedAsync();
        await Assertions.Expect(found).Not.ToContainTextAsync("FSP-000033");
        var axe = await ada.AxeViolationsAsync("Subject access with results");

        await found.GetByRole(AriaRole.Button, new() { Name = "Make the export" }).ClickAsync();
        await Assertions.Expect(found.GetByText("Done: 2 plan(s), 0 document(s).")).ToBeVisibleAsync();
        var download = await ada.RunAndWaitForDownloadAsync(() => found.GetByRole(AriaRole.Link, new() { Name = "Download the ZIP" }).ClickAsync());
        var path = Path.Combine(Portal.DataDirectory, "downloaded-export.zip"); // removed with the data folder, even if the test fails
        await download.SaveAsAsync(path);
        using (var zip = ZipFile.OpenRead(path))
            Assert.Equal(["README.txt", "access/FSP-000031.csv", "access/FSP-000032.csv", "data.json", "plans/FSP-000031.pdf", "plans/FSP-000032.pdf", "subject-access.schema.json"],
                zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList());
        File.Delete(path);

        Assert.True(axe.Count == 0, string.Join(Environment.NewLine, axe));
    }
}
