using System.Net;
using FspPortal.Tests.Support;

namespace FspPortal.Tests.Web;

/// <summary>
/// Every stylesheet, script and icon the sign-in and Home pages link is fingerprinted, compressed when the browser asks,
/// and cached for a year as immutable: MapStaticAssets with the build's endpoint list, served as a published portal
/// serves them. (<see cref="PublishedPortalTests"/> checks a real published build, which adds brotli beside gzip.)
/// </summary>
[Trait("Provider", "SQLite")] // about the SQLite file or the built app on its default database: not run again on PostgreSQL
[Trait("Category", "Integration")]
public sealed class StaticAssetsTests : IAsyncLifetime
{
    private const string Email = "pat@school.example.org";
    private const string Password = "correct horse battery staple";
    // A build (not published) would otherwise be served as in development: "no-cache", so that edited files show at once.
    private readonly PortalFactory portal = new(environment: "Production", settings: new Dictionary<string, string?> { ["ReloadStaticAssetsAtRuntime"] = "false" });

    public async Task InitializeAsync() => await portal.CreateUserAsync(Email, Password);
    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task Every_linked_asset_on_the_sign_in_and_home_pages_is_compressed_fingerprinted_and_immutable()
    {
        var client = portal.CreatePortalClient();
        var signInPage = await client.GetStringAsync("/Account/Login");
        await SignIn.CompleteAsync(portal, client, Email, Password);
        var home = await client.GetStringAsync("/");

        var assets = LinkedAssets.In(signInPage).Concat(LinkedAssets.In(home)).Distinct().ToList();
        await LinkedAssets.AssertServedCompressedAndImmutableAsync(client, assets, "br", "gzip");
    }

    [Fact]
    public async Task The_customer_source_assets_are_served_under_assets_as_before()
    {
        // Links in emails' HTML and the plain "Too many tries" page use the stable address.
        var response = await portal.CreatePortalClient().GetAsync("/assets/site.css");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "wwwroot-assets", "site.css")),
            await response.Content.ReadAsStringAsync());
    }
}
