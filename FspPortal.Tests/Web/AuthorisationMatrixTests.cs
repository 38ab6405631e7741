using System.Net;
using System.Security.Claims;
using System.Text;
using FspPortal.Domain.Plans;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Admin;
using FspPortal.Web.Features.Documents;
using FspPortal.Web.Features.Plans;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Web;

/// <summary>
/// The authorisation matrix: every page and endpoint × every kind of person, through the real pipeline with real
/// sign-in cookies, as one data-driven test. Any cell that shows a plan's content (the child's name, a PDF, a document,
/// an admin page) where it should not fails it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AuthorisationMatrixTests(AuthorisationMatrixTests.Council council) : IClassFixture<AuthorisationMatrixTests.Council>
{
    public enum Who { Anonymous, Stranger, TeamMember, Coordinator, AdminWithoutReason, AdminWithReason, Deactivated }

    /// <summary>What a person gets: the thing itself; the plan's outline only; "not found"; "no access"; or the sign-in page.</summary>
    public enum Gets { Content, Outline, NotFound, NoAccess, SignIn }

    public sealed class Council : IAsyncLifetime
    {
        private const string Password = "tangerine bicycle under moonlight";
        public PortalFactory Portal { get; } = new();
        public Guid PlanId { get; private set; }
        public Guid DocumentId { get; private set; }
        public Dictionary<Who, HttpClient> Clients { get; } = [];

        public async Task InitializeAsync()
        {
            var sam = await Portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes");
            var bea = await Portal.CreateUserAsync("bea@hub.example.org", Password, "Bea Team");
            var dee = await Portal.CreateUserAsync("dee@hub.example.org", Password, "Dee Leaver");
            await Portal.CreateUserAsync("tia@school.example.org", Password, "Tia Stranger");
            await Portal.CreateUserAsync("ada@council.example.org", Password, "Ada Admin", admin: true);
            var abe = await Portal.CreateUserAsync("abe@council.example.org", Password, "Abe Admin", admin: true);
            PlanId = await Portal.AddAsync(PlanSeeder.Completed(sam.Id, DateTime.UtcNow.AddDays(-20)), "FSP-000042",
                extraMembers: [new PlanMember(bea.Id, PlanRole.TeamAroundFamily, true), new PlanMember(dee.Id, PlanRole.TeamAroundFamily, true)]);
            await Portal.AddReviewAsync(PlanId, sam.Id);
            var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
            DocumentId = (await Portal.Services.GetRequiredService<DocumentService>()
                .UploadAsync(PlanId, Principal(sam.Id), "minutes.pdf", pdf.Length, new MemoryStream(pdf))).DocumentId!.Value;
            Assert.False((await Portal.Services.GetRequiredService<BreakGlass>().OpenAsync(PlanId, Principal(abe.Id, admin: true),
                new BreakGlassForm { Reason = "Data quality or audit check", Details = "Quarterly check" })).Any);

            Clients[Who.Anonymous] = Portal.CreatePortalClient();
            foreach (var (who, email) in new[]
                     {
                         (Who.Stranger, "tia@school.example.org"), (Who.TeamMember, "bea@hub.example.org"), (Who.Coordinator, "sam@school.example.org"),
                         (Who.AdminWithoutReason, "ada@council.example.org"), (Who.AdminWithReason, "abe@council.example.org"), (Who.Deactivated, "dee@hub.example.org"),
                     })
            {
                var client = Portal.CreatePortalClient();
                await SignIn.CompleteAsync(Portal, client, email, Password);
                Clients[who] = client;
            }
            // Dee was signed in, then left the service: the admin deactivates her account.
            var admin = new Actor(abe.Id, abe.Email);
            Assert.True((await Portal.Services.GetRequiredService<AdminUserService>().SetActiveAsync(dee.Id, false, admin)).Succeeded);
        }

        public async Task DisposeAsync() => await Portal.DisposeAsync();

        private static ClaimsPrincipal Principal(string userId, bool admin = false) => new(new ClaimsIdentity(
            admin ? [new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Role, Roles.Admin)] : [new Claim(ClaimTypes.NameIdentifier, userId)], "test"));
    }

    private static readonly string[] PlanRoutes = ["", "/edit/3", "/check", "/print", "/reviews/1", "/review", "/pdf", "/documents/{doc}"];
    private static readonly string[] ReadOnlyRoutes = ["", "/print", "/reviews/1", "/pdf", "/documents/{doc}"];
    private static readonly string[] AdminRoutes = ["/admin", "/admin/requests", "/admin/audit", "/admin/email", "/admin/jobs", "/admin/retention", "/subject-access", "/admin/system", "/admin/audit.csv"];
    private static readonly string[] SignedInRoutes = ["/", "/my-fsp", "/plans/new"];

    /// <summary>What each person should get at each route: the matrix itself.</summary>
    private static Gets Expected(Who who, string route)
    {
        if (who is Who.Anonymous or Who.Deactivated) return Gets.SignIn;
        var isAdmin = who is Who.AdminWithoutReason or Who.AdminWithReason;
        if (AdminRoutes.Contains(route)) return isAdmin ? Gets.Content : Gets.NoAccess;
        if (SignedInRoutes.Contains(route)) return Gets.Content;
        var planRoute = route["/plans/{plan}".Length..];
        return who switch
        {
            Who.Coordinator or Who.TeamMember => Gets.Content,
            Who.AdminWithReason => ReadOnlyRoutes.Contains(planRoute) ? Gets.Content : Gets.NotFound,
            Who.AdminWithoutReason => planRoute == "" ? Gets.Outline : Gets.NotFound,
            _ => Gets.NotFound,
        };
    }

    public static TheoryData<Who, string> Cells()
    {
        var cells = new TheoryData<Who, string>();
        foreach (var who in Enum.GetValues<Who>())
        foreach (var route in PlanRoutes.Select(r => "/plans/{plan}" + r).Concat(AdminRoutes).Concat(SignedInRoutes))
            cells.Add(who, route);
        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_person_gets_exactly_what_the_matrix_says_at_each_route(Who who, string route)
    {
        var url = route.Replace("{plan}", council.PlanId.ToString()).Replace("{doc}", council.DocumentId.ToString());
        var response = await council.Clients[who].GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        var got = Classify(response, body);

        Assert.True(Expected(who, route) == got, $"{who} at {route}: expected {Expected(who, route)}, got {got} ({(int)response.StatusCode} {response.Headers.Location})" +
            (response.StatusCode == System.Net.HttpStatusCode.InternalServerError ? "\n" + string.Join("\n", council.Portal.Logs.Where(l => l.Contains("Exception")).TakeLast(2)) : ""));
        if (got != Gets.Content)
        {
            // Whatever the answer, none of the family's details and no file.
            PageBody.DoesNotShow("Owen", body);
            PageBody.DoesNotShow("Smith", body);
            Assert.NotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.NotEqual("text/csv", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private static Gets Classify(HttpResponseMessage response, string body)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        if (response.StatusCode == HttpStatusCode.Redirect && location.Contains("/Account/Login")) return Gets.SignIn;
        if (response.StatusCode == HttpStatusCode.Redirect && location.Contains("/Account/AccessDenied")) return Gets.NoAccess;
        if (response.StatusCode is HttpStatusCode.Forbidden) return Gets.NoAccess;
        if (response.StatusCode is HttpStatusCode.NotFound) return Gets.NotFound;
        if (response.StatusCode != HttpStatusCode.OK) return (Gets)(-1);
        if (response.Content.Headers.ContentType?.MediaType is "application/pdf" or "text/csv") return Gets.Content;
        if (body.Contains("You do not have access to this page")) return Gets.NoAccess;
        if (body.Contains("Open this plan&#x27;s content")) return Gets.Outline;
        if (body.Contains("Owen Smith")) return Gets.Content;
        if (body.Contains("not found", StringComparison.OrdinalIgnoreCase)) return Gets.NotFound;
        return Gets.Content; // a page that is not about the plan (Home, an admin page) shown in full
    }
}
