using System.Net;
using System.Text.RegularExpressions;

namespace FspPortal.Tests.Support;

/// <summary>The stylesheets, scripts and icons a page links, and how the portal serves them.</summary>
public static partial class LinkedAssets
{
    /// <summary>The portal's own addresses of every &lt;link&gt; and &lt;script&gt; in <paramref name="html"/>.</summary>
    public static IEnumerable<string> In(string html) =>
        LinkOrScript().Matches(html).Select(m => "/" + WebUtility.HtmlDecode(m.Groups["url"].Value).TrimStart('/'))
            .Where(url => !url.StartsWith("//", StringComparison.Ordinal));

    /// <summary>
    /// The pages link the MudBlazor and portal stylesheets and Blazor's script, and every asset answers compressed with
    /// one of <paramref name="encodings"/>, fingerprinted, and cached for a year as immutable.
    /// </summary>
    public static async Task AssertServedCompressedAndImmutableAsync(HttpClient client, IReadOnlyCollection<string> assets, params string[] encodings)
    {
        Assert.Contains(assets, a => a.StartsWith("/assets/mudblazor/MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/assets/site.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/_framework/blazor.web.", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, asset);
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
            using var response = await client.SendAsync(request);
            var described = $"{asset}: {(int)response.StatusCode} {response.Headers} {response.Content.Headers}";

            Assert.True(response.StatusCode == HttpStatusCode.OK, described);
            Assert.True(response.Content.Headers.ContentEncoding.Count == 1 && encodings.Contains(response.Content.Headers.ContentEncoding.Single()), described);
            Assert.True(response.Headers.CacheControl is { MaxAge.TotalDays: >= 365 } cache && cache.Extensions.Any(e => e.Name == "immutable"), described);
            Assert.Matches(Fingerprinted(), asset); // a new version of the file gets a new address, so a year's caching is safe
        }
    }

    [GeneratedRegex("""<(?:link|script)\b[^>]*\b(?:href|src)="(?<url>[^"]+)"[^>]*>""")]
    private static partial Regex LinkOrScript();

    [GeneratedRegex(@"\.[a-z0-9]{10}\.[a-z]+$")]
    private static partial Regex Fingerprinted();
}
