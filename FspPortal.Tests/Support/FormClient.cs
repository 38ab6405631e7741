using System.Net;
using System.Text.RegularExpressions;

namespace FspPortal.Tests.Support;

/// <summary>Drives the static (server-rendered) account forms over HTTP as a browser would: GET, then POST with the antiforgery token.</summary>
public static partial class FormClient
{
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string url, string formName, Dictionary<string, string> fields)
    {
        var page = await client.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)page.StatusCode}");
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {url}");

        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        };
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    /// <summary>The redirect target as a local path and query ("/Account/Lockout").</summary>
    public static string Location(this HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? ""
        : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex(@"code is (\d{6})")]
    public static partial Regex SignInCode();

    [GeneratedRegex(@"(http://\S+/Account/(?:SetPassword|ResetPassword)\?\S+)")]
    public static partial Regex PasswordLink();
}
