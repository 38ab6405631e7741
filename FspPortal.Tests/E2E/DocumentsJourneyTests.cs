using System.Text;
using FspPortal.Tests.Support;
using Microsoft.Playwright;

namespace FspPortal.Tests.E2E;

/// <summary>
/// A coordinator adds two documents from the overview (the file chooser), sees them in the document overview, downloads
/// one and gets the same bytes back; a text file named .pdf is refused beside the upload. Then the printable plan
/// (every section, no navigation when printed) and its PDF. axe on the documents section and the printable page.
/// </summary>
[Trait("Category", "E2E")]
public sealed class DocumentsJourneyTests : BrowserJourney
{
    private static readonly byte[] Letter = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    private static readonly byte[] Notes = Encoding.UTF8.GetBytes("Notes from the home visit – Zoë was at school every day.\n");
    private Guid planId;

    protected override async Task SeedAsync()
    {
        var sam = await Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        planId = await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-5), firstName: "Zoë", lastName: "Núñez"));
    }

    [Fact]
    public async Task Two_documents_are_added_listed_and_downloaded_and_the_plan_prints_and_downloads_as_pdf()
    {
        var axe = new List<string>();
        var page = await Browser.NewPageAsync(BaseUrl);
        await PortalSession.SignInAsync(Portal, page, "sam@school.example.org", Password);
        await page.GotoAsync($"plans/{planId}");
        await page.WaitForInteractiveAsync();
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Document overview" });
        await Assertions.Expect(section.GetByText("No documents have been added yet.")).ToBeVisibleAsync();

        await section.Locator("input[type=file]").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "letter.pdf", MimeType = "application/pdf", Buffer = Letter },
            new FilePayload { Name = "visit notes.txt", MimeType = "text/plain", Buffer = Notes },
        });
        await Assertions.Expect(section.GetByRole(AriaRole.Link, new() { Name = "Download letter.pdf" })).ToBeVisibleAsync();
        await Assertions.Expect(section.GetByRole(AriaRole.Link, new() { Name = "Download visit notes.txt" })).ToBeVisibleAsync();
        await Assertions.Expect(section.GetByRole(AriaRole.Row).Filter(new() { HasText = "visit notes.txt" })).ToContainTextAsync("Sam Hughes");
        axe.AddRange(await page.AxeViolationsAsync("Overview with documents"));

        var download = await page.RunAndWaitForDownloadAsync(() => section.GetByRole(AriaRole.Link, new() { Name = "Download visit notes.txt" }).ClickAsync());
        Assert.Equal("visit notes.txt", download.SuggestedFilename);
        Assert.Equal(Notes, await File.ReadAllBytesAsync((await download.PathAsync())!));

        // A file dropped on the drop area (a real DataTransfer with the file's bytes, dispatched as a browser's drag does).
        var zone = section.GetByText("drag and drop files here");
        var dropped = await page.EvaluateHandleAsync("""
            ([name, base64]) => {
                const transfer = new DataTransfer();
                const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
                transfer.items.add(new File([bytes], name, { type: 'application/pdf' }));
                return transfer;
            }
            """, new object[] { "dropped letter.pdf", Convert.ToBase64String(Letter) });
        foreach (var type in new[] { "dragenter", "dragover", "drop" })
            await zone.DispatchEventAsync(type, new Dictionary<string, object> { ["dataTransfer"] = dropped });
        await Assertions.Expect(section.GetByRole(AriaRole.Link, new() { Name = "Download dropped letter.pdf" })).ToBeVisibleAsync();
        var droppedDownload = await page.RunAndWaitForDownloadAsync(() => section.GetByRole(AriaRole.Link, new() { Name = "Download dropped letter.pdf" }).ClickAsync());
        Assert.Equal(Letter, await File.ReadAllBytesAsync((await droppedDownload.PathAsync())!));

        // MudFileUpload starts a fresh input after each choice (the used one stays, hidden): the last is the live one.
        await section.Locator("input[type=file]").Last.SetInputFilesAsync(new FilePayload { Name = "minutes.pdf", MimeType = "application/pdf", Buffer = Notes });
        await Assertions.Expect(section.GetByRole(AriaRole.Alert)).ToContainTextAsync("its name says it is a PDF, but its content is plain text");
        await Assertions.Expect(section.GetByRole(AriaRole.Link, new() { Name = "Download minutes.pdf" })).ToHaveCountAsync(0);
        axe.AddRange(await page.AxeViolationsAsync("Documents section with a refusal"));

        // Too many at once: said, nothing added.
        await section.Locator("input[type=file]").Last.SetInputFilesAsync(Enumerable.Range(1, 21)
            .Select(i => new FilePayload { Name = $"note {i}.txt", MimeType = "text/plain", Buffer = Notes }).ToArray());
        await Assertions.Expect(section.GetByRole(AriaRole.Alert)).ToContainTextAsync("Please add up to 20 files at a time (you chose 21).");
        await Assertions.Expect(section.GetByRole(AriaRole.Link, new() { Name = "Download note 1.txt" })).ToHaveCountAsync(0);

        // The printable plan.
        await page.GetByRole(AriaRole.Link, new() { Name = "Download", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Our Family Support Plan", Level = 1 })).ToBeVisibleAsync();
        foreach (var heading in new[] { "Consent and practitioner", "Focus child and main parent", "Family members and important people", "Contacts, key information and services",
                     "Family's Story", "Child's Story", "Aspects of Life", "Practitioner Summary and Family Plan", "Family name and next review", "Latest review", "Your statement of consent" })
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 2, Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Family Plan" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Signature of parent or carer")).ToBeVisibleAsync();
        axe.AddRange(await page.AxeViolationsAsync("Printable plan"));

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print" })).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Our Family Support Plan", Level = 1 })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "printable-plan-print-media.png"), FullPage = true });
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }).ClickAsync());
        Assert.Equal("pending-family-support-plan.pdf", pdf.SuggestedFilename); // no reference yet; never the child's name
        var bytes = await File.ReadAllBytesAsync((await pdf.PathAsync())!);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        using (var document = UglyToad.PdfPig.PdfDocument.Open(bytes))
            Assert.Contains("ZoëNúñez", string.Concat(document.GetPage(1).Text.Where(c => !char.IsWhiteSpace(c))));

        Assert.True(axe.Count == 0, string.Join(Environment.NewLine, axe));
    }
}
