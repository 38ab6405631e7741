using System.Net;
using FspPortal.Tests.Support;
using FspPortal.Web.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Web;

/// <summary>Emailed links come from the configured public address, never from a request's (forgeable) Host header.</summary>
[Trait("Category", "Integration")]
public sealed class PublicAddressTests
{
    private const string Email = "pat@school.example.org";

    [Theory]
    [InlineData("https://fsp.council.example/")]
    [InlineData("")] // Development without a public address: the server's own address, still never the request's Host
    public async Task A_forged_host_never_appears_in_a_reset_email(string publicBaseUrl)
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string?> { ["Portal:PublicBaseUrl"] = publicBaseUrl });
        await portal.CreateUserAsync(Email, "correct horse battery staple");
        var client = portal.CreatePortalClient();
        client.DefaultRequestHeaders.Host = "evil.example";

        await client.SubmitAsync("/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = Email });

        var email = await portal.LatestEmailAsync(Email, "Reset your FSP Portal password");
        Assert.DoesNotContain("evil.example", email.TextBody + email.HtmlBody);
        var expected = publicBaseUrl.Length > 0 ? publicBaseUrl
            : portal.Services.GetRequiredService<FspPortal.Web.Features.Jobs.PortalAddress>().BaseUri;
        Assert.Contains($"{expected}Account/ResetPassword?userId=", email.TextBody);
    }

    [Fact]
    public async Task Outside_development_requests_for_another_host_are_refused()
    {
        await using var portal = new PortalFactory(environment: "Production", settings: new Dictionary<string, string?> { ["Portal:PublicBaseUrl"] = "https://fsp.council.example/" });
        var client = portal.CreatePortalClient();

        client.DefaultRequestHeaders.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/Account/Login")).StatusCode);
        client.DefaultRequestHeaders.Host = "fsp.council.example";
        Assert.NotEqual(HttpStatusCode.BadRequest, (await client.GetAsync("/Account/Login")).StatusCode);
    }
}
