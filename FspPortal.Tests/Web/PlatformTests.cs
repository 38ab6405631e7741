using System.Net;
using System.Text.Json;
using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Email;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FspPortal.Tests.Web;

/// <summary>The ground under every feature: settings, the data folder, health, Data Protection, the audit log, no self sign-up.</summary>
[Trait("Category", "Integration")]
public sealed class PlatformTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new();

    public Task InitializeAsync() { _ = portal.Server; return Task.CompletedTask; }
    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public void The_appsettings_json_at_the_repository_root_is_what_the_app_reads()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "appsettings.json")));
        var fromFile = file.RootElement.GetProperty("Email").GetProperty("FromAddress").GetString();
        var codeMinutes = file.RootElement.GetProperty("Security").GetProperty("SignInCodeMinutes").GetInt32();

        Assert.NotEqual(new EmailOptions().FromAddress, fromFile); // the file, not the code's default, decides
        Assert.Equal(fromFile, portal.Services.GetRequiredService<IOptions<EmailOptions>>().Value.FromAddress);
        Assert.Equal(codeMinutes, portal.Services.GetRequiredService<IOptions<FspPortal.Web.Features.Account.SecurityOptions>>().Value.SignInCodeMinutes);
    }

    [Fact]
    [Trait("Provider", "SQLite")]
    public async Task Everything_the_app_writes_is_under_the_data_directory_and_sqlite_runs_in_wal()
    {
        Assert.True(File.Exists(Path.Combine(portal.DataDirectory, "fsp-portal.db")));
        await portal.Services.GetRequiredService<IEmailSender>().SendAsync(new EmailMessage("x@example.org", "Hello", "text", "<p>text</p>"));
        await portal.LatestEmailAsync("x@example.org", "Hello"); // delivered into the database's mailbox, not into files
        Assert.Equal(["fsp-portal.db", "portal.lock", "portal.lock.owner"], // the database, and the lock that keeps a second portal off it
            Directory.GetFiles(portal.DataDirectory).Select(Path.GetFileName).Where(f => !f!.StartsWith("fsp-portal.db-")).Order());

        await using var db = await portal.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA foreign_keys;";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        var client = portal.CreatePortalClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var ready = await client.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task No_page_offers_self_registration()
    {
        var routes = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? "").ToList();
        Assert.Contains(routes, r => r.Contains("Account/Login", StringComparison.OrdinalIgnoreCase)); // the list is real
        Assert.DoesNotContain(routes, r => r.Contains("register", StringComparison.OrdinalIgnoreCase) || r.Contains("signup", StringComparison.OrdinalIgnoreCase));

        var client = portal.CreatePortalClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Account/Register")).StatusCode);
        var login = await (await client.GetAsync("/Account/Login")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Register", login, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("request-access", login);
    }

    [Fact]
    public async Task The_outbox_page_lists_emails_in_development()
    {
        await portal.Services.GetRequiredService<IEmailSender>().SendAsync(new EmailMessage("reader@example.org", "Your FSP Portal sign-in code", "Your sign-in code is 123456.", "<p/>"));
        await portal.LatestEmailAsync("reader@example.org", "sign-in code");
        var client = portal.CreatePortalClient();
        var page = await client.GetAsync("/dev/outbox");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("reader@example.org", html);
        Assert.Contains("Your sign-in code is 123456.", html);
    }

    [Fact]
    public async Task Audit_lines_cannot_be_changed_or_deleted()
    {
        await using (var db = await portal.CreateDbContextAsync())
        {
            db.AuditEntries.Add(new AuditEntry { Action = "Test.Written", OccurredUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        await using (var db = await portal.CreateDbContextAsync())
        {
            var entry = await db.AuditEntries.SingleAsync(a => a.Action == "Test.Written");
            db.Entry(entry).Property(a => a.Outcome).CurrentValue = "Edited";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = await portal.CreateDbContextAsync())
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(a => a.Action == "Test.Written"));
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = await portal.CreateDbContextAsync())
            Assert.Equal(AuditOutcome.Success, (await db.AuditEntries.SingleAsync(a => a.Action == "Test.Written")).Outcome);
    }
}

[Trait("Category", "Integration")]
public sealed class OutboxOutsideDevelopmentTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new(environment: "Production");
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    [Fact]
    public async Task The_outbox_page_is_not_found_outside_development()
    {
        await portal.Services.GetRequiredService<IEmailSender>().SendAsync(new EmailMessage("reader@example.org", "Secret code", "Your sign-in code is 123456.", "<p/>"));
        var page = await portal.CreatePortalClient().GetAsync("/dev/outbox");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("123456", await page.Content.ReadAsStringAsync());
    }
}

[Trait("Category", "Integration")]
public sealed class RestartTests
{
    [Fact]
    public async Task A_restart_keeps_people_signed_in_because_data_protection_keys_live_in_the_database()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "fsp-tests", Guid.NewGuid().ToString("N"));
        string authCookie;
        var first = new PortalFactory(dataDirectory);
        try
        {
            await first.CreateUserAsync("pat@school.example.org", "correct horse battery staple");
            var client = first.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            var cookies = new System.Net.CookieContainer();
            var handler = first.Server.CreateHandler();
            var jar = new HttpClient(new CookieHandler(cookies) { InnerHandler = handler }) { BaseAddress = first.Server.BaseAddress };
            await SignIn.CompleteAsync(first, jar, "pat@school.example.org", "correct horse battery staple");
            authCookie = cookies.GetCookies(first.Server.BaseAddress).Single(c => c.Name == "FspPortal.Auth").Value;
            await using var db = await first.CreateDbContextAsync();
            Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
        }
        finally { await first.StopKeepingDataAsync(); }

        await using var second = new PortalFactory(dataDirectory);
        var again = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        again.DefaultRequestHeaders.Add("Cookie", $"FspPortal.Auth={authCookie}");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/")).StatusCode);
    }

    private sealed class CookieHandler(System.Net.CookieContainer cookies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var header = cookies.GetCookieHeader(request.RequestUri!);
            if (!string.IsNullOrEmpty(header)) request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
                foreach (var c in set) cookies.SetCookies(request.RequestUri!, c);
            return response;
        }
    }
}
