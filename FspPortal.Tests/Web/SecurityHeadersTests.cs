using System.Net;
using FspPortal.Tests.Support;
using FspPortal.Web.Extensions;

namespace FspPortal.Tests.Web;

/// <summary>Every kind of response carries the security headers; a bad ReturnUrl after a correct code lands on Home.</summary>
[Trait("Category", "Integration")]
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private const string Email = "pat@school.example.org";
    private const string Password = "correct horse battery staple";
    private readonly PortalFactory portal = new();

    public async Task InitializeAsync() => await portal.CreateUserAsync(Email, Password);
    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Theory]
    [InlineData("/Account/Login")]                 // a static account page
    [InlineData("/assets/site.css")]               // a file
    [InlineData("/my-fsp")]                        // a page that sends a stranger to sign in
    [InlineData("/no-such-page")]                  // not found
    [InlineData("/health/live")]                   // an endpoint
    public async Task Every_response_type_carries_the_security_headers(string path)
    {
        var response = await portal.CreatePortalClient().GetAsync(path);
        Assert.True(response.Headers.Contains("X-Content-Type-Options"), $"{(int)response.StatusCode} {response.Headers} {response.Content.Headers}");

        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("camera=()", string.Join(",", response.Headers.GetValues("Permissions-Policy")));
        var csp = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self';", csp); // no 'unsafe-inline' for scripts
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task No_page_has_an_inline_script_the_policy_would_block()
    {
        var client = portal.CreatePortalClient();
        var wrong = await SignIn.PasswordAsync(client, Email, "not the password"); // a page with an error summary
        foreach (var html in new[] { await (await client.GetAsync("/Account/Login")).Content.ReadAsStringAsync(), await wrong.Content.ReadAsStringAsync() })
            Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex(@"<script(?![^>]*\bsrc=)[^>]*>"), html);
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example/steal")]
    [InlineData("http://[bad")]
    [InlineData("javascript:alert(1)")]
    public async Task A_bad_return_address_after_the_correct_code_lands_on_home_signed_in(string returnUrl)
    {
        var client = portal.CreatePortalClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PasswordAsync(client, Email, Password)).StatusCode);
        var code = await SignIn.EmailedCodeAsync(portal, Email);

        var afterCode = await client.SubmitAsync($"/Account/LoginWithCode?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "sign-in-code",
            new() { ["Input.Code"] = code });

        Assert.Equal(HttpStatusCode.Redirect, afterCode.StatusCode);
        Assert.Equal("/", afterCode.Location());
        Assert.True(await SignIn.IsSignedInAsync(client));
    }
}
