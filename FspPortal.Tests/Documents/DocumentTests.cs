using System.IO.Compression;
using System.Net;
using System.Security.Claims;
using System.Text;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Documents;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Documents;

/// <summary>Documents through the real service, storage and download endpoint (limit set to 1 MB here).</summary>
[Trait("Category", "Integration")]
public sealed class DocumentTests : IAsyncLifetime
{
    private const string Password = "tangerine bicycle under moonlight";
    private static readonly byte[] MinimalPdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    private readonly PortalFactory portal = new(settings: new Dictionary<string, string?> { ["Documents:MaxFileSizeMB"] = "1" });
    private string sam = "";
    private Guid planId;

    private DocumentService Documents => portal.Services.GetRequiredService<DocumentService>();

    public async Task InitializeAsync()
    {
        sam = (await portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes")).Id;
        planId = await portal.AddAsync(PlanSeeder.Completed(sam, DateTime.UtcNow.AddDays(-2)));
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private Task<DocumentUploadResult> UploadAsync(string name, byte[] bytes, string? userId = null) =>
        Documents.UploadAsync(planId, Principal(userId ?? sam), name, bytes.Length, new MemoryStream(bytes));

    [Fact]
    public async Task A_text_file_renamed_pdf_is_refused_and_nothing_is_kept()
    {
        var result = await UploadAsync("minutes.pdf", Encoding.UTF8.GetBytes("Minutes of the meeting"));

        Assert.False(result.Succeeded);
        Assert.Equal("\u201cminutes.pdf\u201d cannot be added: its name says it is a PDF, but its content is plain text. Check you chose the right file.", result.Problem);
        Assert.Empty(Directory.GetFiles(Documents.Folder));
        Assert.Empty(await Documents.ListAsync(planId, Principal(sam)) ?? []);
    }

    [Fact]
    public async Task Content_that_is_no_accepted_type_is_refused_whatever_its_name()
    {
        var executable = new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00 };
        Assert.Contains("its content is not a type the portal accepts", (await UploadAsync("report.docx", executable)).Problem);
        Assert.False((await UploadAsync("empty.txt", [])).Succeeded);
    }

    [Fact]
    public async Task Real_files_of_each_family_are_accepted_by_content()
    {
        Assert.True((await UploadAsync("letter.pdf", MinimalPdf)).Succeeded);
        Assert.True((await UploadAsync("notes.txt", Encoding.UTF8.GetBytes("Zoë's notes – café at 10:00\n"))).Succeeded);
        Assert.True((await UploadAsync("photo.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])).Succeeded);
        Assert.True((await UploadAsync("plan.docx", Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")))).Succeeded);
        Assert.True((await UploadAsync("budget.ods", Zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>")))).Succeeded);
        var list = (await Documents.ListAsync(planId, Principal(sam)))!;
        Assert.Equal(["ODF spreadsheet", "Word document", "PNG image", "Plain text", "PDF"], list.Select(d => d.Kind));
        Assert.All(list, d => Assert.Equal("Sam Hughes", d.AddedBy));
    }

    [Fact]
    public async Task An_over_size_file_is_refused_naming_the_limit_even_when_its_declared_size_is_wrong()
    {
        var big = new byte[1024 * 1024 + 10];
        MinimalPdf.CopyTo(big, 0);
        Assert.Equal("\u201cbig.pdf\u201d is too large (1 MB): the limit is 1 MB per file.", (await UploadAsync("big.pdf", big)).Problem);
        var lying = await Documents.UploadAsync(planId, Principal(sam), "big.pdf", declaredSize: 100, new MemoryStream(big));
        Assert.Contains("the limit is 1 MB per file", lying.Problem);
        Assert.Empty(Directory.GetFiles(Documents.Folder));
    }

    [Fact]
    public async Task Names_are_made_safe_and_files_are_stored_outside_the_web_root_under_generated_names()
    {
        var result = await UploadAsync("../../x.pdf", MinimalPdf);
        Assert.True(result.Succeeded);
        await using var db = await portal.CreateDbContextAsync();
        var row = await db.PlanDocuments.SingleAsync();
        Assert.Equal("x.pdf", row.FileName);
        Assert.Equal(result.DocumentId!.Value.ToString("N"), row.StoredName);
        var stored = Path.Combine(Documents.Folder, row.StoredName);
        Assert.Equal(MinimalPdf, await File.ReadAllBytesAsync(stored));
        Assert.StartsWith(Path.GetFullPath(portal.DataDirectory), stored);
        var webRoot = Path.GetFullPath(portal.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath);
        Assert.False(stored.StartsWith(webRoot, StringComparison.Ordinal), $"{stored} is under the web root {webRoot}");
        Assert.Equal("x.pdf", DocumentTypes.SafeFileName(@"..\..\x.pdf"));
        Assert.Equal("report.pdf", DocumentTypes.SafeFileName("re\u0000port<>.pdf"));
        Assert.Equal("document", DocumentTypes.SafeFileName("../.."));
    }

    [Fact]
    public async Task Downloads_are_for_the_plans_users_only_and_every_one_is_audited()
    {
        var id = (await UploadAsync("Zoë's letter.pdf", MinimalPdf)).DocumentId!.Value;
        await portal.CreateUserAsync("sid@elsewhere.example.org", Password, "Sid Stranger");

        var samClient = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, samClient, "sam@school.example.org", Password);
        var response = await samClient.GetAsync($"plans/{planId}/documents/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MinimalPdf, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Zoë's letter.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());

        var sidClient = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, sidClient, "sid@elsewhere.example.org", Password);
        Assert.Equal(HttpStatusCode.NotFound, (await sidClient.GetAsync($"plans/{planId}/documents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await samClient.GetAsync($"plans/{planId}/documents/{Guid.NewGuid()}")).StatusCode);
        var anonymous = await portal.CreatePortalClient().GetAsync($"plans/{planId}/documents/{id}");
        Assert.Contains("Account/Login", anonymous.Headers.Location?.ToString());

        await using var db = await portal.CreateDbContextAsync();
        var audit = await db.AuditEntries.Where(a => a.Action.StartsWith("Plan.Document")).Select(a => a.Action).ToListAsync();
        Assert.Equal(1, audit.Count(a => a == DocumentAuditActions.Added));
        Assert.Equal(1, audit.Count(a => a == DocumentAuditActions.Downloaded));
        Assert.Equal(2, audit.Count(a => a == DocumentAuditActions.DownloadRefused));
    }

    [Fact]
    public async Task The_uploader_or_the_coordinator_may_delete_and_the_file_goes_too()
    {
        var taf = (await portal.CreateUserAsync("tia@hub.example.org", Password, "Tia Team")).Id;
        Assert.True((await portal.Services.GetRequiredService<FspPortal.Web.Features.Sharing.PlanSharingService>().AttachAsync(planId, Principal(sam), taf)).Succeeded);
        var samsDocument = (await UploadAsync("sam.pdf", MinimalPdf)).DocumentId!.Value;
        var tiasDocument = (await UploadAsync("tia.pdf", MinimalPdf, taf)).DocumentId!.Value;

        Assert.Equal("Only the person who added a document, or the plan's coordinator, can delete it.",
            (await Documents.DeleteAsync(planId, samsDocument, Principal(taf))).Problem);
        Assert.True((await Documents.DeleteAsync(planId, tiasDocument, Principal(taf))).Succeeded);
        Assert.True((await Documents.DeleteAsync(planId, samsDocument, Principal(sam))).Succeeded);
        Assert.Empty(Directory.GetFiles(Documents.Folder));
        await using var check = await portal.CreateDbContextAsync();
        Assert.Equal(2, await check.AuditEntries.CountAsync(a => a.Action == DocumentAuditActions.Deleted));
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        return memory.ToArray();
    }

    private static ClaimsPrincipal Principal(string userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, userId)], "test"));
}
