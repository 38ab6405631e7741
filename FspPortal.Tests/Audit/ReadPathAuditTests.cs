using System.Net;
using System.Security.Claims;
using System.Text;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Documents;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Print;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Audit;

/// <summary>
/// Every read path of a plan, fetched as a plain HTTP GET with a signed-in cookie and no scripts (the prerendered HTML
/// already holds the plan): exactly one audit line per view, naming the reader, whoever reads — a member, an admin who is
/// not on the plan, or a stranger (refused, also audited, and shown nothing). One app for the whole class.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReadPathAuditTests(ReadPathAuditTests.Council council) : IClassFixture<ReadPathAuditTests.Council>
{
    public sealed class Council : IAsyncLifetime
    {
        public PortalFactory Portal { get; } = new();
        public Guid PlanId { get; private set; }
        public Guid DocumentId { get; private set; }
        public const string Password = "tangerine bicycle under moonlight";

        public async Task InitializeAsync()
        {
            var sam = await Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
            var ada = await Portal.CreateUserAsync("ada@council.example.org", Password, "Ada Admin", admin: true);
            await Portal.CreateUserAsync("bo@council.example.org", Password, "Bo Admin", admin: true);
            await Portal.CreateUserAsync("alex@hub.example.org", Password, "Alex Other");
            PlanId = await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-20)));
            await Portal.AddReviewAsync(PlanId, sam.Id);
            var samPrincipal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, sam.Id)], "test"));
            var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
            DocumentId = (await Portal.Services.GetRequiredService<DocumentService>().UploadAsync(PlanId, samPrincipal, "minutes.pdf", pdf.Length, new MemoryStream(pdf))).DocumentId!.Value;
            // Ada has given a reason to open the plan (break-glass); Bo, also an admin, has not.
            var adaPrincipal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, ada.Id), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));
            var opened = await Portal.Services.GetRequiredService<BreakGlass>().OpenAsync(PlanId, adaPrincipal,
                new BreakGlassForm { Reason = "Asked to help by someone on the plan", Details = "Support ticket 4411" });
            Assert.False(opened.Any);
        }

        public async Task DisposeAsync() => await Portal.DisposeAsync();
    }

    private PortalFactory Portal => council.Portal;

    public static TheoryData<string, string> MemberPaths => new()
    {
        { "", "Viewed the overview" },
        { "/edit/3", "Viewed step 3 of the stepper (Family members and important people)" },
        { "/check", "Viewed Check answers" },
        { "/print", "Viewed the printable plan" },
        { "/reviews/1", "Viewed review 1" },
        { "/review", "Viewed Add review" },
        { "/pdf", "Downloaded the PDF" },
        { "/documents/{doc}", "Downloaded the document \u201cminutes.pdf\u201d" },
    };

    public static TheoryData<string, string> AdminPaths => new()
    {
        { "", "Viewed the overview as an administrator (not on the plan)" },
        { "/print", "Viewed the printable plan as an administrator (not on the plan)" },
        { "/reviews/1", "Viewed review 1 as an administrator (not on the plan)" },
        { "/pdf", "Downloaded the PDF as an administrator (not on the plan)" },
        { "/documents/{doc}", "Downloaded the document \u201cminutes.pdf\u201d as an administrator (not on the plan)" },
        // Editing is for the plan's own users: an admin is refused (and that is audited too).
        { "/edit/3", "Was refused step 3 of the stepper (Family members and important people) (not on the plan)" },
        { "/check", "Was refused Check answers (not on the plan)" },
        { "/review", "Was refused Add review (not on the plan)" },
    };

    [Theory]
    [MemberData(nameof(MemberPaths))]
    public async Task A_members_plain_get_is_audited_once_with_their_name(string path, string summary) =>
        await AssertOneLineAsync("sam@school.example.org", path, "Sam Hughes (School)", summary, HttpStatusCode.OK);

    [Theory]
    [MemberData(nameof(AdminPaths))]
    public async Task An_admin_not_on_the_plan_is_audited_once_as_such(string path, string summary) =>
        await AssertOneLineAsync("ada@council.example.org", path, "Ada Admin (School)", summary, HttpStatusCode.OK);

    public static TheoryData<string, string> AdminWithoutReasonPaths => new()
    {
        { "/print", "Was refused the printable plan (not on the plan)" },
        { "/reviews/1", "Was refused review 1 (not on the plan)" },
        { "/pdf", "Was refused the PDF (not on the plan)" },
        { "/documents/{doc}", "Was refused a document" },
    };

    [Fact]
    public async Task An_admin_who_has_given_no_reason_sees_the_plans_outline_only_and_that_is_audited()
    {
        var client = await SignedInAsync("bo@council.example.org");
        var before = await LinesAsync();
        var response = await client.GetAsync(Url(""));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Open this plan&#x27;s content", body);
        Assert.Contains("Sam Hughes (School)", body); // the coordinator, for support
        PageBody.DoesNotShow("Owen", body);
        var line = Assert.Single((await LinesAsync()).Skip(before.Count));
        Assert.Equal("Viewed the outline of the overview as an administrator (reference, status and coordinators; no content)", line.Summary);
    }

    [Theory]
    [MemberData(nameof(AdminWithoutReasonPaths))]
    public async Task An_admin_who_has_given_no_reason_is_refused_the_content(string path, string summary) =>
        Assert.StartsWith(summary, (await RefusedAsync("bo@council.example.org", path)).Summary);

    [Theory]
    [MemberData(nameof(MemberPaths))]
    public async Task A_stranger_sees_nothing_and_the_refusal_is_audited_once(string path, string _)
    {
        var line = await RefusedAsync("alex@hub.example.org", path);
        Assert.Equal(("Alex Other (School)", AuditOutcome.Failure), (line.ActorName, line.Outcome));
        Assert.StartsWith("Was refused", line.Summary);
    }

    /// <summary>GETs <paramref name="path"/> as <paramref name="email"/>, checks nothing of the plan is shown, and returns the one audit line written.</summary>
    private async Task<AuditEntry> RefusedAsync(string email, string path)
    {
        var client = await SignedInAsync(email);
        var before = await LinesAsync();
        var response = await client.GetAsync(Url(path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound || body.Contains("not found", StringComparison.OrdinalIgnoreCase), $"{path}: {response.StatusCode}");
        PageBody.DoesNotShow("Owen", body);
        return Assert.Single((await LinesAsync()).Skip(before.Count));
    }

    private async Task AssertOneLineAsync(string email, string path, string who, string summary, HttpStatusCode status)
    {
        var client = await SignedInAsync(email);
        var before = await LinesAsync();

        var response = await client.GetAsync(Url(path));

        Assert.True(status == response.StatusCode, $"{path}: {response.StatusCode}\n" + string.Join("\n", Portal.ErrorLogs.TakeLast(3)));
        if (path is "" or "/print" or "/reviews/1" && !summary.StartsWith("Was refused"))
            Assert.Contains("Owen", await response.Content.ReadAsStringAsync()); // the HTML holds the plan: this GET was a read
        var added = (await LinesAsync()).Skip(before.Count).ToList();
        var line = Assert.Single(added);
        Assert.Equal((who, summary), (line.ActorName, line.Summary));
    }

    private string Url(string path) => $"/plans/{council.PlanId}{path.Replace("{doc}", council.DocumentId.ToString())}";

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = Portal.CreatePortalClient();
        await SignIn.CompleteAsync(Portal, client, email, Council.Password);
        return client;
    }

    private async Task<List<AuditEntry>> LinesAsync()
    {
        await using var db = await Portal.CreateDbContextAsync();
        var id = council.PlanId.ToString();
        return await db.AuditEntries.AsNoTracking().Where(a => a.TargetId == id).OrderBy(a => a.Id).ToListAsync();
    }
}
