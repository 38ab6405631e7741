using System.Net;
using System.Text.RegularExpressions;
using FspPortal.Tests.Support;

namespace FspPortal.Tests.Web;

/// <summary>
/// Every stylesheet, script and icon the sign-in and Home pages link is fingerprinted, compressed when the browser asks,
/// and cached for a year as immutable: MapStaticAssets with the build's endpoint list, served as a published portal
/// serves them. (<see cref="PublishedPortalTests"/> checks a real published build, which adds brotli beside gzip.)
/// </summary>
[Trait("Provider", "SQLite")] // about the SQLite file or the built app on its default database: not run again on PostgreSQL
[Trait("Category", "Integration")]
public sealed partial class StaticAssetsTests : IAsyncLifetime
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

        var assets = LinkedAssets(signInPage).Concat(LinkedAssets(home)).Distinct().ToList();
        Assert.Contains(assets, a => a.Contains("mudblazor/MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("assets/site.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("blazor.web.", StringComparison.Ordinal));

        foreach (var asset in assets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, asset);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
            using var response = await client.SendAsync(request);
            var described = $"{asset}: {(int)response.StatusCode} {response.Headers} {response.Content.Headers}";

            Assert.True(response.StatusCode == HttpStatusCode.OK, described);
            Assert.True(response.Content.Headers.ContentEncoding.Any(e => e is "br" or "gzip"), described);
            Assert.True(response.Headers.CacheControl is { MaxAge.TotalDays: >= 365 } cache
                        && cache.Extensions.Any(e => e.Name == "immutable"), described);
            Assert.Matches(Fingerprinted(), asset); // a new version of the file gets a new address, so a year's caching is safe
        }
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

    private static IEnumerable<string> LinkedAssets(string html) =>
        LinkOrScript().Matches(html).Select(m => "/" + WebUtility.HtmlDecode(m.Groups["url"].Value).TrimStart('/'))
            .Where(url => !url.StartsWith("//", StringComparison.Ordinal));

    [GeneratedRegex("""<(?:link|script)\b[^>]*\b(?:href|src)="(?<url>[^"]+)"[^>]*>""")]
    private static partial Regex LinkOrScript();

    [GeneratedRegex(@"\.[a-z0-9]{10}\.[a-z]+$")]
    private static partial Regex Fingerprinted();
}
