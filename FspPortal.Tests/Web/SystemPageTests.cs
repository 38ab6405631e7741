using System.Net;
using FspPortal.Tests.Support;

namespace FspPortal.Tests.Web;

/// <summary>Admin → System names the database and where new documents go, without the connection string's secrets.</summary>
[Trait("Category", "Integration")]
public sealed class SystemPageTests
{
    private const string Password = "tangerine bicycle under moonlight";

    [Fact]
    public async Task The_system_page_says_which_database_and_document_store_the_portal_uses()
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string?> { ["Documents:Store"] = "Database" });
        await portal.CreateUserAsync("ada@council.example.org", Password, "Ada Admin", admin: true);
        var admin = portal.CreatePortalClient();
        await SignIn.CompleteAsync(portal, admin, "ada@council.example.org", Password);

        var page = WebUtility.HtmlDecode(await (await admin.GetAsync("/admin/system")).Content.ReadAsStringAsync());

        Assert.Contains("new uploads are kept in the database", page);
        if (portal.ConnectionString is { } postgres)
        {
            var settings = new Npgsql.NpgsqlConnectionStringBuilder(postgres);
            Assert.Contains($"PostgreSQL, database \u201c{settings.Database}\u201d on {settings.Host}", page);
            Assert.DoesNotContain(postgres, page);
        }
        else Assert.Matches(@"<dd>SQLite, [\d.]+ (KB|MB)</dd>", page);
    }
}
