using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Web;

/// <summary>
/// Behind a TLS proxy the cookie never got Secure and no HSTS was sent; the database (with the Data Protection keys),
/// the documents and outbox were world-readable. Real Kestrel on 127.0.0.1 here, so the proxy's address is real.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TransportAndStorageTests
{
    private const string Email = "pat@school.example.org";
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task Behind_a_known_proxy_https_is_seen_cookies_are_secure_hsts_is_sent_and_the_client_address_is_audited()
    {
        await using var portal = new PortalFactory(environment: "Production", kestrel: true, settings: new Dictionary<string, string?>
        {
            ["Portal:PublicBaseUrl"] = "https://fsp.council.example/", ["Portal:KnownProxies"] = "127.0.0.1",
        });
        var baseUrl = portal.StartKestrel();
        await portal.CreateUserAsync(Email, Password);
        using var client = ProxiedClient(baseUrl, proto: "https", clientAddress: "203.0.113.9");

        var signIn = await client.SubmitAsync("/Account/Login", "sign-in", new() { ["Input.Email"] = Email, ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("/Account/LoginWithCode", signIn.Location());
        Assert.Equal("max-age=31536000; includeSubDomains", signIn.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.All(signIn.Headers.GetValues("Set-Cookie"), cookie =>
        {
            Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.StartsWith("__Host-", cookie);
        });
        await using (var db = await portal.CreateDbContextAsync())
            Assert.Equal("203.0.113.9", (await db.AuditEntries.FirstAsync(a => a.Action == AuditActions.SignInPassword)).IpAddress);

        // Plain http through the proxy is sent to https.
        using var plain = ProxiedClient(baseUrl, proto: "http", clientAddress: "203.0.113.9");
        var redirected = await plain.GetAsync("/Account/Login");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https://fsp.council.example/Account/Login", redirected.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Forwarded_headers_from_anyone_not_named_as_a_proxy_are_ignored()
    {
        await using var portal = new PortalFactory(environment: "Production", kestrel: true, settings: new Dictionary<string, string?>
        {
            ["Portal:PublicBaseUrl"] = "http://fsp.council.example/",
        });
        var baseUrl = portal.StartKestrel();
        await portal.CreateUserAsync(Email, Password);
        using var client = ProxiedClient(baseUrl, proto: "https", clientAddress: "203.0.113.9");
        await client.SubmitAsync("/Account/Login", "sign-in", new() { ["Input.Email"] = Email, ["Input.Password"] = "wrong guess" });
        await using var db = await portal.CreateDbContextAsync();
        Assert.Equal("127.0.0.1", (await db.AuditEntries.FirstAsync(a => a.Action == AuditActions.SignInPassword)).IpAddress);
    }

    [Fact]
    [Trait("Provider", "SQLite")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and shell scripts are Unix things
    public async Task The_data_folder_and_everything_in_it_is_for_the_portals_account_only()
    {
        if (!OperatingSystem.IsLinux()) return;
        await using var portal = new PortalFactory();
        var sam = (await portal.CreateUserAsync("sam@school.example.org", Password, "Sam Hughes")).Id;
        var planId = await portal.AddAsync(PlanSeeder.Completed(sam, DateTime.UtcNow.AddDays(-1)));
        var documents = portal.Services.GetRequiredService<FspPortal.Web.Features.Documents.DocumentService>();
        var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, sam)], "test"));
        Assert.True((await documents.UploadAsync(planId, user, "notes.txt", 5, new MemoryStream("notes"u8.ToArray()))).Succeeded);

        var ownerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var ownerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnlyFolder, File.GetUnixFileMode(portal.DataDirectory));
        Assert.All(Directory.GetDirectories(portal.DataDirectory, "*", SearchOption.AllDirectories), d => Assert.Equal(ownerOnlyFolder, File.GetUnixFileMode(d)));
        var files = Directory.GetFiles(portal.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("fsp-portal.db"));
        Assert.Contains(files, f => f.EndsWith("-wal"));
        Assert.Contains(files, f => Path.GetDirectoryName(f)!.EndsWith("documents"));
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == ownerOnlyFile, $"{f} is {File.GetUnixFileMode(f)}"));
    }

    [Fact]
    public async Task With_a_certificate_named_the_data_protection_keys_are_stored_encrypted_and_read_after_a_restart()
    {
        var certificatePath = Path.Combine(Path.GetTempPath(), $"fsp-keys-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=FSP Portal keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(certificatePath, certificate.Export(X509ContentType.Pfx, "pfx password"));
        }
        var settings = new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = certificatePath, ["DataProtection:CertificatePassword"] = "pfx password" };
        try
        {
            var first = new PortalFactory(settings: settings);
            var protectedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("a sign-in");
            await using (var db = await first.CreateDbContextAsync())
            {
                var key = Assert.Single(await db.DataProtectionKeys.ToListAsync());
                Assert.Contains("EncryptedData", key.Xml);
                Assert.DoesNotContain("<masterKey", key.Xml);
            }
            await first.StopKeepingDataAsync();

            await using var restarted = new PortalFactory(dataDirectory: first.DataDirectory, settings: settings);
            Assert.Equal("a sign-in", restarted.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText));
        }
        finally { File.Delete(certificatePath); }
    }

    private static HttpClient ProxiedClient(string baseUrl, string proto, string clientAddress)
    {
        var client = new HttpClient(new ProxyCookies { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false } }) { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Host = "fsp.council.example";
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", proto);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return client;
    }

    /// <summary>
    /// Keeps cookies as the browser on the far side of the proxy would: it talks https, so Secure cookies come back.
    /// (HttpClient's own cookie jar would withhold them from the plain-http hop to the test server.)
    /// </summary>
    private sealed class ProxyCookies : DelegatingHandler
    {
        private readonly Dictionary<string, string> jar = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (jar.Count > 0) request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}")));
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
                foreach (var cookie in cookies)
                {
                    var pair = cookie.Split(';')[0];
                    var at = pair.IndexOf('=');
                    jar[pair[..at]] = pair[(at + 1)..];
                }
            return response;
        }
    }
}
