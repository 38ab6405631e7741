using System.Net;
using FspPortal.Benchmarks.Circuits;
using FspPortal.Tests.Support;
using FspPortal.Web.Features.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Tests.Web;

/// <summary>
/// The circuit load benchmark's client (<see cref="BlazorCircuit"/>) against a real server on 127.0.0.1: it opens real
/// circuits and reads their render batches, so the benchmark cannot silently measure nothing. Then the per-person limit
/// on open pages, seen through the same client.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LiveCircuitsTests
{
    private const string Email = "sam@school.example.org";
    private const string Password = "tangerine bicycle under moonlight";

    /// <summary>
    /// The runtime settings the circuit figures were measured with travel with the portal (its runtimeconfig.json):
    /// without them an idle server's CPU nearly doubles (benchmarks/README.md, "Open pages").
    /// </summary>
    [Fact]
    public void The_portal_runs_with_server_GC_and_without_thread_pool_spinning()
    {
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "FspPortal.Web.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.Equal(1, properties.GetProperty("System.GC.DynamicAdaptationMode").GetInt32());
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    [Fact]
    public async Task The_load_client_opens_five_real_circuits_that_render_Home_and_the_server_counts_them()
    {
        await using var portal = new PortalFactory(kestrel: true);
        var (http, cookies) = await SignedInAsync(portal);
        var live = portal.Services.GetRequiredService<LiveCircuits>();

        var circuits = new List<BlazorCircuit>();
        for (var i = 0; i < 5; i++) circuits.Add(await BlazorCircuit.OpenAsync(http, cookies, "/", keepBatches: true));
        try
        {
            foreach (var circuit in circuits)
            {
                // The interactive render of Home, not an empty acknowledgement: its words come in a batch.
                await circuit.WaitForTextAsync("Authorise transferred FSPs", TimeSpan.FromSeconds(30));
                Assert.True(circuit.RenderedText("Signed in as"), "the layout renders for the signed-in person");
                Assert.True(circuit.IsConnected);
                Assert.Null(circuit.Error);
                Assert.True(circuit.RenderBatches >= 2, "the head and the page each send a batch, each acknowledged");
            }
            // The server's script calls reached the client and were answered (an unanswered one times out and errors the page).
            Assert.All(circuits, circuit => Assert.Contains(circuit.JavaScriptCalls, call => call.Identifier == "Blazor._internal.attachWebRendererInterop"));
            Assert.Equal(5, live.Count);
            Assert.Equal(1, live.People);

            // An admin reads the same on Admin → System.
            var (admin, _) = await SignedInAsync(portal, "ada@council.example.org", admin: true);
            var system = WebUtility.HtmlDecode(await (await admin.GetAsync("/admin/system")).Content.ReadAsStringAsync());
            Assert.Contains("5 on this server, for 1 person", system);
            Assert.Matches(@"[\d,]+ MB managed heap \((no full collection yet|[\d,]+ MB after the last full collection)\); [\d,]+ MB working set", system);
        }
        finally
        {
            foreach (var circuit in circuits) await circuit.DisposeAsync();
        }
        await Eventually.TrueAsync(() => live.Count == 0, "the closed pages to leave the count");
    }

    /// <summary>
    /// The benchmark's browserless active users act on pages as a browser does: the page kept from its render batches,
    /// a link followed, a column header clicked, a search typed; each result read back from what the server rendered.
    /// </summary>
    [Fact]
    public async Task The_load_client_follows_a_link_sorts_My_FSP_by_a_header_and_types_a_search_as_a_browser_does()
    {
        await using var portal = new PortalFactory(kestrel: true);
        var (http, cookies) = await SignedInAsync(portal);
        var sam = (await portal.CreateDbContextAsync()).Users.Single(u => u.Email == Email).Id;
        await portal.AddAsync(PlanSeeder.Completed(sam, DateTime.UtcNow.AddDays(-2), firstName: "Zac", lastName: "Adams", familyName: "Adams"), "FSP-000001");
        await portal.AddAsync(PlanSeeder.Completed(sam, DateTime.UtcNow.AddDays(-1), firstName: "Mia", lastName: "Jones", familyName: "Jones"), "FSP-000002");
        static string Rows(RenderedPage page) => page.First("tbody")?.Text() ?? "";
        var wait = TimeSpan.FromSeconds(30);

        await using var circuit = await BlazorCircuit.OpenAsync(http, cookies, "/", keepPage: true);
        await circuit.WaitForAsync(page => page.First("h1")?.Text().Trim() == "Home", wait);
        await circuit.FollowLinkAsync("my-fsp");
        await circuit.WaitForAsync(page => page.First("h1")?.Text().Trim() == "My FSP" && Rows(page).Contains("Zac Adams"), wait);
        Assert.Equal("/my-fsp", circuit.Location.AbsolutePath);
        Assert.True(circuit.Read(Rows).IndexOf("Mia Jones", StringComparison.Ordinal) < circuit.Read(Rows).IndexOf("Zac Adams", StringComparison.Ordinal),
            "newest first before sorting");

        var sortByChild = circuit.Read(page => page.FindHandler("onclick", n => n.Text().Trim() == "Child"));
        Assert.NotNull(sortByChild);
        await circuit.ClickAsync(sortByChild.Value.HandlerId);
        await circuit.WaitForAsync(page => Rows(page).IndexOf("Zac Adams", StringComparison.Ordinal) < Rows(page).IndexOf("Mia Jones", StringComparison.Ordinal), wait);

        var search = circuit.Read(page => page.Field("Search plans"));
        Assert.NotNull(search);
        Assert.NotEqual(0UL, search.Attributes["oninput"].HandlerId);
        await circuit.InputAsync(search.Attributes["oninput"].HandlerId, RenderedPage.ComponentOf(search), "mia");
        await circuit.WaitForAsync(page => Rows(page).Contains("Mia Jones") && !Rows(page).Contains("Zac Adams"), wait);
        Assert.Null(circuit.Error);
    }

    [Fact]
    public async Task A_page_beyond_the_per_person_limit_says_too_many_tabs_and_a_closed_tab_makes_room()
    {
        await using var portal = new PortalFactory(kestrel: true, settings: new Dictionary<string, string?> { ["Circuits:MaxPerPerson"] = "2" });
        var (http, cookies) = await SignedInAsync(portal);
        var live = portal.Services.GetRequiredService<LiveCircuits>();

        await using var first = await BlazorCircuit.OpenAsync(http, cookies, "/", keepBatches: true);
        var second = await BlazorCircuit.OpenAsync(http, cookies, "/my-fsp", keepBatches: true);
        await using (var third = await BlazorCircuit.OpenAsync(http, cookies, "/", keepBatches: true))
        {
            await first.WaitForTextAsync("Authorise transferred FSPs", TimeSpan.FromSeconds(30));
            await second.WaitForTextAsync("My plans", TimeSpan.FromSeconds(30));
            await third.WaitForTextAsync("You have too many portal tabs open.", TimeSpan.FromSeconds(30));
            Assert.False(first.RenderedText("too many portal tabs"));
            Assert.False(second.RenderedText("too many portal tabs"));
            Assert.True(third.RenderedText("Reload this page"));
            // The refused page shows nothing of Home: no plans were read for it.
            Assert.False(third.RenderedText("Authorise transferred FSPs"));
            Assert.Equal(3, live.Count);
        }
        await second.DisposeAsync();
        await Eventually.TrueAsync(() => live.Count == 1, "the two closed pages to leave the count");

        await using var again = await BlazorCircuit.OpenAsync(http, cookies, "/", keepBatches: true);
        await again.WaitForTextAsync("Authorise transferred FSPs", TimeSpan.FromSeconds(30));
        Assert.False(again.RenderedText("too many portal tabs"));
    }

    [Fact]
    public async Task An_open_page_whose_person_is_deactivated_is_signed_out_at_the_next_check_of_all_open_pages()
    {
        await using var portal = new PortalFactory(kestrel: true);
        var (http, cookies) = await SignedInAsync(portal);
        var checks = portal.Services.GetRequiredService<FspPortal.Web.Features.Account.OpenPageChecks>();
        await using var page = await BlazorCircuit.OpenAsync(http, cookies, "/my-fsp", keepBatches: true);
        await page.WaitForTextAsync("My plans", TimeSpan.FromSeconds(30));
        // The page is watched (the prerender's request has ended and let go); nothing to sign out yet.
        await Eventually.TrueAsync(() => checks.Count == 1, "the open page to be watched, and only it");
        Assert.Equal(0, await checks.CheckAllAsync());

        await using (var db = await portal.CreateDbContextAsync())
        {
            var sam = db.Users.Single(u => u.Email == Email);
            sam.IsActive = false;
            await db.SaveChangesAsync();
        }
        Assert.Equal(1, await checks.CheckAllAsync());

        // Signed out, the page sends its browser to sign in; it is no longer watched.
        await Eventually.TrueAsync(() => page.JavaScriptCalls.Any(call => call.Identifier.EndsWith("navigateTo", StringComparison.Ordinal)
                                                                           && call.ArgumentsJson.Contains("Account/Login", StringComparison.Ordinal)),
            "the signed-out page to be sent to sign in");
        Assert.Equal(0, checks.Count);
    }

    private static async Task<(HttpClient Http, CookieContainer Cookies)> SignedInAsync(PortalFactory portal, string email = Email, bool admin = false)
    {
        var baseUrl = portal.StartKestrel(); // started once; later calls return its address
        await portal.CreateUserAsync(email, Password, admin ? "Ada Admin" : "Sam Hughes", admin: admin);
        var cookies = new CookieContainer();
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        await SignIn.CompleteAsync(portal, http, email, Password);
        return (http, cookies);
    }
}
