using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FspPortal.Web.Email;

namespace FspPortal.Benchmarks.Circuits;

/// <summary>What the circuit and first-load benchmarks both need of a running portal: a free port, and a signed-in cookie.</summary>
public static partial class PortalSignIn
{
    /// <summary>Password, then the emailed code read from the portal's outbox: the two steps a practitioner takes.</summary>
    public static async Task<CookieContainer> SignInAsync(string baseUrl, LocalMailbox mailbox, string email, string password)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        var before = mailbox.ReadAll(email, includeQueued: true).Count;
        var afterPassword = await SubmitAsync(http, "/Account/Login", "sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        string? code = null;
        for (var i = 0; i < 200 && code is null; i++)
        {
            var emails = mailbox.ReadAll(email, includeQueued: true);
            if (emails.Count > before) code = CodeInEmail().Match(emails[0].TextBody).Groups[1].Value;
            else await Task.Delay(50);
        }
        var signedIn = await SubmitAsync(http, "/Account/LoginWithCode", "sign-in-code", new() { ["Input.Code"] = code ?? throw new TimeoutException("No sign-in code was emailed.") });
        if (signedIn.Headers.Location is not { } home || (home.IsAbsoluteUri ? home.AbsolutePath : home.OriginalString) != "/")
            throw new InvalidOperationException($"Signing in {email} did not reach Home: the password step answered {(int)afterPassword.StatusCode} " +
                                                $"{afterPassword.Headers.Location}, the code step {(int)signedIn.StatusCode} {signedIn.Headers.Location}.");
        return cookies;
    }

    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient http, string url, string formName, Dictionary<string, string> fields)
    {
        var html = await http.GetStringAsync(url);
        fields["_handler"] = formName;
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryToken().Match(html).Groups[1].Value);
        return await http.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex(@"code is (\d{6})")]
    private static partial Regex CodeInEmail();
}
