using System.Net;

namespace FspPortal.Tests.Support;

/// <summary>The two steps of signing in over HTTP, for the integration tests.</summary>
public static class SignIn
{
    public static Task<HttpResponseMessage> PasswordAsync(HttpClient client, string email, string password) =>
        client.SubmitAsync("/Account/Login", "sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    public static Task<HttpResponseMessage> CodeAsync(HttpClient client, string code) =>
        client.SubmitAsync("/Account/LoginWithCode", "sign-in-code", new() { ["Input.Code"] = code });

    public static async Task<string> EmailedCodeAsync(PortalFactory portal, string email, int expectedCount = 1)
    {
        for (var i = 0; i < 300; i++)
        {
            var codes = portal.Outbox.ReadAll(email).Where(e => e.Subject.Contains("sign-in code")).ToList();
            if (codes.Count >= expectedCount) return FormClient.SignInCode().Match(codes[0].TextBody).Groups[1].Value;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"Expected {expectedCount} sign-in code emails to {email}.");
    }

    /// <summary>Password then the emailed code; asserts the person lands signed in.</summary>
    public static async Task CompleteAsync(PortalFactory portal, HttpClient client, string email, string password)
    {
        var before = portal.Outbox.ReadAll(email).Count(e => e.Subject.Contains("sign-in code"));
        var afterPassword = await PasswordAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, afterPassword.StatusCode);
        var code = await EmailedCodeAsync(portal, email, before + 1);
        var afterCode = await CodeAsync(client, code);
        Assert.Equal(HttpStatusCode.Redirect, afterCode.StatusCode);
        Assert.Equal("/", afterCode.Location());
    }

    /// <summary>Presses "Sign out" as the layout's form does: a POST with the antiforgery token from Home.</summary>
    public static async Task<HttpResponseMessage> SignOutAsync(HttpClient client)
    {
        var home = await (await client.GetAsync("/")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(home, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }));
    }

    /// <summary>Whether a bare request to <paramref name="portal"/> carrying only <paramref name="cookie"/> gets Home.</summary>
    public static async Task<bool> OpensHomeAsync(PortalFactory portal, string cookie)
    {
        using var bare = portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        return (await bare.SendAsync(request)).StatusCode == System.Net.HttpStatusCode.OK;
    }

    public static async Task<bool> IsSignedInAsync(HttpClient client)
    {
        var home = await client.GetAsync("/");
        return home.StatusCode == HttpStatusCode.OK;
    }
}
