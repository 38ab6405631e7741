using System.Diagnostics;
using FspPortal.Web.Data;
using FspPortal.Web.Email;
using FspPortal.Web.Extensions;
using FspPortal.Web.Features.Demo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FspPortal.Benchmarks.Circuits;

/// <summary>
/// `firstload`: the first load of Home for a signed-in practitioner, as an operator runs the portal: published
/// (<c>dotnet publish -c Release</c>, compressed assets), started as <c>dotnet FspPortal.Web.dll</c> in Production on
/// loopback. Chromium with an empty cache loads Home; reports the bytes transferred (the page and every file, headers
/// included, as the browser counts them) and the time until the page is interactive. Target: under 300 KB, under 1.5 s.
/// </summary>
public static partial class FirstLoadBenchmark
{
    private const string Email = "fran.first@bench.example.org";
    private const string Password = "benchmark how home opens cold";

    public static async Task RunAsync(int loads)
    {
        var root = Path.Combine(Path.GetTempPath(), "fsp-firstload", Guid.NewGuid().ToString("N"));
        var published = Path.Combine(root, "portal");
        var dataDirectory = Path.Combine(root, "data");
        Console.WriteLine("Publishing the portal (Release)…");
        await RunAsync("dotnet", ["publish", Path.Combine(RepositoryRoot(), "FspPortal.Web"), "-c", "Release", "-o", published, "--nologo", "-v", "q"]);

        // The database is made and seeded by the portal's own code here, then the published portal serves it.
        var builder = WebApplication.CreateBuilder(["--Storage:DataDirectory=" + dataDirectory, "--Logging:LogLevel:Default=Warning", "--Jobs:Enabled=false"]);
        builder.AddFspPortal();
        await using var seeding = builder.Build();
        await seeding.InitialiseDatabaseAsync();
        using (var scope = seeding.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var fran = new ApplicationUser
            {
                UserName = Email, Email = Email, EmailConfirmed = true, FullName = "Fran First", Agency = "Family Hub", TwoFactorEnabled = true,
                IsActive = true, CreatedUtc = DateTime.UtcNow,
            };
            var created = await users.CreateAsync(fran, Password);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(fran, Roles.Practitioner);
            await seeding.Services.GetRequiredService<DemoCouncil>().GenerateAsync(500, 20, alsoCoordinating: [fran.Id]);
        }

        var port = PortalSignIn.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}/";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = published, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(published, "FspPortal.Web.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = baseUrl;
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        start.Environment["Portal__PublicBaseUrl"] = baseUrl;
        start.Environment["Email__Transport"] = "Outbox";
        start.Environment["Jobs__Enabled"] = "false";
        using var portal = Process.Start(start)!;
        portal.OutputDataReceived += (_, _) => { };
        portal.ErrorDataReceived += (_, _) => { };
        portal.BeginOutputReadLine();
        portal.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
            for (var i = 0; i < 600 && !await ReadyAsync(http); i++) await Task.Delay(100);
            var cookies = await PortalSignIn.SignInAsync(baseUrl, seeding.Services.GetRequiredService<LocalMailbox>(), Email, Password);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Environment.GetEnvironmentVariable("FSP_CHROMIUM") ?? "/usr/bin/chromium" });
            var bytes = new List<double>();
            var interactive = new List<double>();
            for (var i = 0; i < loads; i++)
            {
                // A new context each time: an empty cache, as a first visit.
                await using var context = await browser.NewContextAsync(new() { BaseURL = baseUrl });
                await context.AddCookiesAsync(cookies.GetAllCookies().Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Url = baseUrl }));
                // The moment the page says it is interactive, taken in the page (not when the driver next looks).
                await context.AddInitScriptAsync("""
                    new MutationObserver((_, observer) => {
                        if (document.querySelector('[data-interactive=true]')) { window.__fspInteractiveAt = performance.now(); observer.disconnect(); }
                    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-interactive'] });
                    """);
                var page = await context.NewPageAsync();
                await page.GotoAsync("/");
                await page.WaitForSelectorAsync("[data-interactive=true]");
                var readyAt = await page.EvaluateAsync<double>("window.__fspInteractiveAt");
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                var files = await page.EvaluateAsync<ResourceSize[]>("""
                    () => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
                        .map(e => ({ name: e.name, transferSize: e.transferSize, decodedBodySize: e.decodedBodySize }))
                    """);
                bytes.Add(files.Sum(f => f.TransferSize) / 1024.0);
                interactive.Add(readyAt);
                if (i == 0)
                {
                    Console.WriteLine("First load of Home, each file (transferred / as used):");
                    foreach (var file in files.OrderByDescending(f => f.TransferSize))
                        Console.WriteLine($"  {file.TransferSize / 1024.0,7:F1} KB / {file.DecodedBodySize / 1024.0,7:F1} KB  {new Uri(file.Name).AbsolutePath}");
                }
            }
            Console.WriteLine($"Interactive after (each load, ms): {string.Join(", ", interactive.Select(t => t.ToString("F0")))}");
            Console.WriteLine($"\n{loads} first loads of Home (empty cache, signed in, loopback): transferred {bytes.Average():F0} KB " +
                              $"(max {bytes.Max():F0} KB); interactive after p50 {Percentile(interactive, 0.5):F0} ms, max {interactive.Max():F0} ms");
        }
        finally
        {
            portal.Kill(entireProcessTree: true);
            await portal.WaitForExitAsync();
        }
    }

    private sealed class ResourceSize
    {
        public string Name { get; set; } = "";
        public double TransferSize { get; set; }
        public double DecodedBodySize { get; set; }
    }

    private static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }

    private static async Task<bool> ReadyAsync(HttpClient http)
    {
        try { return (await http.GetAsync("healthz/ready")).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}).");
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FspPortal.Blazor.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Run from within the repository.");
    }
}
