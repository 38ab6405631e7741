using System.IO.Compression;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Documents;
using FspPortal.Web.Features.Privacy;
using FspPortal.Web.Features.Sharing;
using Json.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UglyToad.PdfPig;

namespace FspPortal.Tests.Privacy;

/// <summary>
/// A subject access request answered with one ZIP, over a real database and the real HTTP download: a child on two plans
/// is found by name and date of birth; the ZIP holds both PDFs, data.json (valid against the schema it carries), the
/// documents byte for byte, and who viewed or changed each plan; the link works once, for its maker, until it expires;
/// search and export are audited; others cannot do it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SubjectAccessTests : IAsyncLifetime
{
    private const string Password = "tangerine bicycle under moonlight";
    private static readonly DateOnly Born = new(2016, 5, 4);
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly PortalFactory portal;
    private ApplicationUser sam = default!, bea = default!, admin = default!, stranger = default!;
    private Guid first, second, other;
    private readonly byte[] letter = Encoding.UTF8.GetBytes("Letter from the school nurse about Owen's asthma plan.");
    private readonly byte[] minutes = Encoding.UTF8.GetBytes("Minutes of the team around the family meeting, 3 March.");

    public SubjectAccessTests() => portal = new PortalFactory(clock: clock);

    public async Task InitializeAsync()
    {
        sam = await portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        bea = await portal.CreateUserAsync("bea@hub.example.org", Password, "Bea Team");
        stranger = await portal.CreateUserAsync("stella@school.example.org", Password, "Stella Grant");
        admin = await portal.CreateUserAsync("ada@council.example.org", Password, "Ada Admin", admin: true);
        var now = clock.GetUtcNow().UtcDateTime;
        first = await portal.AddAsync(PlanSeeder.Completed(sam.Id, now.AddDays(-400), firstName: "Owen", lastName: "Smith", dateOfBirth: Born), "FSP-000011");
        second = await portal.AddAsync(PlanSeeder.Completed(sam.Id, now.AddDays(-20), firstName: "Owen", lastName: "Smith", dateOfBirth: Born), "FSP-000012");
        other = await portal.AddAsync(PlanSeeder.Completed(sam.Id, now.AddDays(-20), firstName: "Owen", lastName: "Smith", dateOfBirth: Born.AddYears(2)), "FSP-000013"); // a namesake
        var documents = portal.Services.GetRequiredService<DocumentService>();
        Assert.True((await documents.UploadAsync(first, As(sam), "nurse letter.txt", letter.Length, new MemoryStream(letter))).Succeeded);
        Assert.True((await documents.UploadAsync(second, As(sam), "minutes.txt", minutes.Length, new MemoryStream(minutes))).Succeeded);
        Assert.True((await portal.Services.GetRequiredService<PlanSharingService>().AttachAsync(second, As(sam), bea.Id)).Succeeded);
    }

    public async Task DisposeAsync() => await portal.DisposeAsync();

    private static ClaimsPrincipal As(ApplicationUser user, params string[] roles) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.Email!), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));

    private SubjectAccessService Service => portal.Services.GetRequiredService<SubjectAccessService>();

    [Fact]
    public async Task A_child_on_two_plans_is_exported_whole_in_one_zip_downloaded_once_by_the_admin_who_made_it()
    {
        var asAdmin = As(admin, Roles.Admin, Roles.Practitioner);
        var found = (await Service.FindAsync(asAdmin, "owen SMITH", Born, "SAR-2026-044 received 28/11/2026"))!;
        Assert.Equal(new[] { first, second }.Order(), found.Select(m => m.PlanId).Order()); // not the namesake born two years later
        Assert.All(found, m => Assert.Equal("Focus child", m.Role));
        Assert.Equal(3, (await Service.FindAsync(asAdmin, "Owen Smith", null, "SAR-2026-044"))!.Count); // without the date, the namesake too

        var progress = new List<int>();
        var export = await Service.ExportAsync(asAdmin, "Owen Smith", Born, "SAR-2026-044", [first, second], new SynchronousProgress(progress.Add));

        Assert.NotNull(export);
        Assert.Equal((2, 2), (export.Plans, export.Documents));
        Assert.Equal([1, 2], progress);

        // The real download: once, by its maker.
        var client = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, client, "ada@council.example.org", Password);
        var otherAdmin = portal.CreatePortalClient();
        await portal.CreateUserAsync("eve@council.example.org", Password, "Eve Admin", admin: true);
        await SignIn.CompleteAsync(portal, otherAdmin, "eve@council.example.org", Password);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.GetAsync($"subject-access/download/{export.Token}")).StatusCode);
        var response = await client.GetAsync($"subject-access/download/{export.Token}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"subject-access/download/{export.Token}")).StatusCode); // once
        await Eventually.TrueAsync(() => Task.FromResult(!Directory.EnumerateFiles(Service.Folder).Any()), "the export's file to be deleted once sent");

        using var zip = new ZipArchive(new MemoryStream(bytes));
        var names = zip.Entries.Select(e => e.FullName).ToList();
        foreach (var reference in new[] { "FSP-000011", "FSP-000012" })
        {
            using var pdf = PdfDocument.Open(Read(zip, $"plans/{reference}.pdf"));
            Assert.Contains(reference, pdf.GetPage(1).Text);
            Assert.Contains("Owen Smith", string.Join(" ", pdf.GetPages().Select(p => p.Text)).Replace("  ", " "));
        }
        Assert.DoesNotContain(names, n => n.Contains("FSP-000013"));
        Assert.Equal(letter, Read(zip, "documents/FSP-000011/001-nurse letter.txt"));
        Assert.Equal(minutes, Read(zip, "documents/FSP-000012/001-minutes.txt"));
        var access = Encoding.UTF8.GetString(Read(zip, "access/FSP-000012.csv"));
        Assert.Contains("Sam Hughes (School)", access);
        Assert.Contains("Attached Bea Team as a team member", access);

        var json = JsonNode.Parse(Read(zip, "data.json"))!;
        var schema = JsonSchema.FromText(Encoding.UTF8.GetString(Read(zip, "subject-access.schema.json")));
        var validation = schema.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(validation.IsValid, string.Join("; ", validation.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")) ?? []));
        Assert.False(schema.Evaluate(JsonNode.Parse("""{ "exportedUtc": "2026-11-30T10:00:00Z", "subject": { "name": "x" }, "plans": [ { "id": "x" } ] }""")).IsValid); // the schema checks something
        Assert.Equal(2, json["plans"]!.AsArray().Count);
        Assert.Equal("Owen", json["plans"]![0]!["state"]!["child"]!["firstName"]!.GetValue<string>());
        Assert.Equal("nurse letter.txt", json["plans"]![0]!["documents"]![0]!["fileName"]!.GetValue<string>());

        await using var db = await portal.CreateDbContextAsync();
        var search = await db.AuditEntries.AsNoTracking().Where(a => a.Action == PrivacyActions.SubjectAccessSearch).ToListAsync();
        Assert.All(search, a => Assert.DoesNotContain("Owen", a.Details + a.Summary)); // the reason, not the name
        Assert.Contains(search, a => a.Details == "SAR-2026-044 received 28/11/2026; 2 plans found");
        var exportedLines = await db.AuditEntries.AsNoTracking().Where(a => a.Action == PrivacyActions.SubjectAccessExported).ToListAsync();
        Assert.Equal(new[] { first.ToString(), second.ToString() }.Order(), exportedLines.Select(a => a.TargetId).Order());
        Assert.All(exportedLines, a => Assert.Equal("SAR-2026-044", a.Details));
        Assert.Single(await db.AuditEntries.AsNoTracking().Where(a => a.Action == PrivacyActions.SubjectAccessDownloaded && a.ActorUserId == admin.Id).ToListAsync());
    }

    [Fact]
    public async Task A_practitioner_cannot_search_or_export_and_a_coordinator_may_only_by_setting_and_only_their_own_plans()
    {
        Assert.Null(await Service.FindAsync(As(stranger, Roles.Practitioner), "Owen Smith", Born, "curious"));
        Assert.Null(await Service.ExportAsync(As(stranger, Roles.Practitioner), "Owen Smith", Born, "curious", [first]));
        Assert.Null(await Service.FindAsync(As(sam, Roles.Practitioner), "Owen Smith", Born, "SAR")); // coordinators only by setting

        await using var coordinators = new PortalFactory(clock: clock, settings: new Dictionary<string, string?> { ["Privacy:SubjectAccessByCoordinators"] = "true" });
        var coordinator = await coordinators.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
        var member = await coordinators.CreateUserAsync("bea@hub.example.org", Password, "Bea Team");
        var theirs = await coordinators.AddAsync(PlanSeeder.Completed(coordinator.Id, DateTime.UtcNow.AddDays(-3), dateOfBirth: Born), "FSP-000021");
        Assert.True((await coordinators.Services.GetRequiredService<PlanSharingService>().AttachAsync(theirs, As(coordinator), member.Id)).Succeeded);
        var service = coordinators.Services.GetRequiredService<SubjectAccessService>();

        Assert.Equal(theirs, Assert.Single((await service.FindAsync(As(coordinator, Roles.Practitioner), "Owen Smith", Born, "SAR-7"))!).PlanId);
        Assert.Empty((await service.FindAsync(As(member, Roles.Practitioner), "Owen Smith", Born, "SAR-7"))!); // a team member, not coordinator
        Assert.Null(await service.ExportAsync(As(member, Roles.Practitioner), "Owen Smith", Born, "SAR-7", [theirs]));

        // The page, through the real pipeline: a practitioner reaches it (and finds it in the menu) only by the setting.
        var withSetting = coordinators.CreatePortalClient();
        await SignIn.CompleteAsync(coordinators, withSetting, "sam@school.example.org", Password);
        var page = await (await withSetting.GetAsync("subject-access")).Content.ReadAsStringAsync();
        Assert.Contains("Subject access request", page);
        Assert.Contains("href=\"subject-access\"", page);
        var withoutSetting = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, withoutSetting, "sam@school.example.org", Password);
        var refused = await withoutSetting.GetAsync("subject-access");
        Assert.DoesNotContain("Subject access request", await refused.Content.ReadAsStringAsync());
        Assert.DoesNotContain("href=\"subject-access\"", await (await withoutSetting.GetAsync("")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_link_expires_and_the_file_goes_with_it()
    {
        var asAdmin = As(admin, Roles.Admin);
        var export = await Service.ExportAsync(asAdmin, "Owen Smith", Born, "SAR-9", [first]);
        Assert.NotNull(export);
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Null(await Service.TakeAsync(export.Token, asAdmin));
        Assert.Empty(Directory.EnumerateFiles(Service.Folder));
    }

    private static byte[] Read(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"{name} is not in the export: {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Reports at once, on the caller's thread (Progress&lt;T&gt; posts to the thread pool, which a test would have to wait for).</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
