using System.Diagnostics;
using System.Security.Claims;
using FspPortal.Domain.Plans;
using FspPortal.Web.Data;
using FspPortal.Web.Email;
using FspPortal.Web.Extensions;
using FspPortal.Web.Features.Demo;
using FspPortal.Web.Features.Operations;
using FspPortal.Web.Features.Sharing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FspPortal.Benchmarks.Circuits;

/// <summary>
/// `circuits [levels] [active users] [repetitions] [browsers]` (default "0,1000,2000,5000", 10, 5 and 2): the portal on
/// this machine as a council's server, in this process (Production settings, SQLite, a synthetic council of 5,000 plans).
/// At each level a second process (<see cref="CircuitHolder"/>) holds that many idle Home pages open through
/// <see cref="BlazorCircuit"/>, while the active practitioners act at once: the first [browsers] of them in Chromium pages
/// (latency measured in the page, from the input event to the DOM change), the rest browserless through
/// <see cref="BlazorCircuit"/> doing the same actions on the same server (latency from sending the event to the render
/// batch that shows the result). Practitioners' browsers run on their own computers; ten Chromiums on this 2-core machine
/// took most of its CPU, which no server pays, so the default puts two in Chromium and eight beside them browserless.
/// Reports the server's managed heap after a full collection and its working set (per idle page), its CPU while everyone
/// is idle, click→DOM latency of four actions (p50/p95/max), and how long a change takes to show on another
/// practitioner's open Home.
/// </summary>
public static partial class CircuitBenchmark
{
    private const string Password = "benchmark circuits on one server";
    private const string IdleEmail = "ida.idle@bench.example.org";

    public static async Task RunAsync(int[] levels, int activeUsers, int repetitions, int browsers)
    {
        browsers = Math.Min(browsers, activeUsers);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "fsp-circuits", Guid.NewGuid().ToString("N"));
        var port = PortalSignIn.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}/";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = "FspPortal.Web", EnvironmentName = "Production",
            Args =
            [
                "--Storage:DataDirectory=" + dataDirectory, "--urls=" + baseUrl, "--Portal:PublicBaseUrl=" + baseUrl, "--Email:Transport=Outbox",
                "--Logging:LogLevel:Default=Warning", "--Jobs:Enabled=false", "--Circuits:MaxPerPerson=0", "--Security:AnonymousPostsPerMinute=100000",
                .. (Environment.GetEnvironmentVariable("FSP_BENCH_SETTINGS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            ],
        });
        builder.WebHost.UseStaticWebAssets(); // the portal's scripts and styles from its build, as the tests serve them
        builder.AddFspPortal();
        await using var app = builder.Build();
        app.MapFspPortal();
        await app.InitialiseDatabaseAsync();
        await app.StartAsync();
        Console.WriteLine($"Portal on {baseUrl} (in this process: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, " +
                          $"{Environment.ProcessorCount} cores), data in {dataDirectory}");

        var council = await SeedAsync(app, activeUsers);
        Console.WriteLine($"Seeded {council.Plans:N0} plans; {activeUsers} active practitioners with {council.PlansEach} plans each " +
                          $"({browsers} in Chromium, {activeUsers - browsers} browserless); one idle practitioner.");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Environment.GetEnvironmentVariable("FSP_CHROMIUM") ?? "/usr/bin/chromium", Args = ["--no-sandbox"] });
        var active = new List<ActiveUser>();
        for (var i = 0; i < activeUsers; i++)
        {
            var cookies = await PortalSignIn.SignInAsync(baseUrl, app.Services.GetRequiredService<LocalMailbox>(), council.Active[i].Email!, Password);
            if (i >= browsers)
            {
                active.Add(new ActiveUser(council.Active[i], null, cookies, council.PlanOf[council.Active[i].Id]));
                continue;
            }
            var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, BypassCSP = true }) /* the measuring script is evaluated in the page */;
            await context.AddCookiesAsync(cookies.GetAllCookies().Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Url = baseUrl }));
            active.Add(new ActiveUser(council.Active[i], await context.NewPageAsync(), null, council.PlanOf[council.Active[i].Id]));
        }
        var idleCookies = await PortalSignIn.SignInAsync(baseUrl, app.Services.GetRequiredService<LocalMailbox>(), IdleEmail, Password);

        // The idle pages and the browserless practitioners live in a second process (their CPU and memory are not the server's).
        await using var holder = CircuitHolder.Start(baseUrl, idleCookies, active.Where(u => u.Page is null).Select(u => (u.Cookies!, u.CompletedPlanId)));

        // Warm up (JIT, caches, connection pools) with one unmeasured round of every action, as a server that has run a while.
        foreach (var action in ChosenActions) await MeasureAsync(active, holder, action, 1);
        await LiveUpdateAsync(app, active, holder, 1);

        var live = app.Services.GetRequiredService<LiveCircuits>();
        var results = new List<string>();
        double? baseHeap = null, baseWorkingSet = null;
        foreach (var level in levels)
        {
            Console.WriteLine($"\n=== {level:N0} idle Home pages ===");
            var opening = Stopwatch.StartNew();
            var held = await holder.HoldAsync(level);
            Console.WriteLine($"Held {held.Held:N0} idle pages ({held.Failed} failed to open) in {opening.Elapsed.TotalSeconds:F0} s; server counts {live.Count:N0} live circuits.");
            foreach (var user in active.Where(u => u.Page is not null)) await OpenAsync(user.Page!, "/");
            await Task.Delay(TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("FSP_BENCH_SETTLE_SECONDS"), out var settle) ? settle : 70)); // past one keep-alive period (60 s): every page pings, as it does all day

            var (heap, workingSet) = MemoryAfterFullCollection();
            var stacks = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
            EventHandler<System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs> onException = (_, e) =>
            { if (stacks.Count < 50) stacks.AddOrUpdate(e.Exception.GetType().Name + " " + Environment.StackTrace, 1, (_, n) => n + 1); };
            if (Environment.GetEnvironmentVariable("FSP_BENCH_EXCEPTIONS") == "1") AppDomain.CurrentDomain.FirstChanceException += onException; // which exceptions an idle server throws
            var cpu = await IdleCpuAsync(TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("FSP_BENCH_IDLE_SECONDS"), out var idle) ? idle : 60)); // one whole keep-alive period: pages opened together ping together
            AppDomain.CurrentDomain.FirstChanceException -= onException;
            foreach (var (stack, n) in stacks.OrderByDescending(s => s.Value).Take(3)) Console.WriteLine($"--- {n} x {stack}");
            baseHeap ??= heap;
            baseWorkingSet ??= workingSet;
            var perCircuit = level > 0 ? $"; per idle page {(heap - baseHeap.Value) * 1024 / level:F0} KB heap, {(workingSet - baseWorkingSet.Value) * 1024 / level:F0} KB working set" : "";
            var memory = $"heap {heap:F0} MB after a full collection, working set {workingSet:F0} MB{perCircuit}; idle CPU {cpu:F1} % of one core";
            Console.WriteLine(memory);

            var row = new List<string> { $"{level:N0}", memory };
            foreach (var action in ChosenActions)
            {
                var ((inPage, browserless), serverCpu) = await WithServerCpuAsync(() => MeasureAsync(active, holder, action, repetitions));
                var figures = $"{action.Name}: in Chromium {Summary(inPage)}; browserless {Summary(browserless)}; server {serverCpu:F0} % of one core";
                row.Add(figures);
                Console.WriteLine("  " + figures);
            }
            var (liveInPage, liveBrowserless) = await LiveUpdateAsync(app, active, holder, repetitions);
            var liveFigures = $"live update to another's Home: in Chromium {Summary(liveInPage)}; browserless {Summary(liveBrowserless)}";
            row.Add(liveFigures);
            Console.WriteLine("  " + liveFigures);
            results.Add(string.Join(" | ", row));
        }
        Console.WriteLine("\nSummary:");
        foreach (var line in results) Console.WriteLine(line);
        await app.StopAsync();
    }

    /// <summary>An active practitioner: in a Chromium page, or browserless (signed-in cookies, acting from the holder process).</summary>
    private sealed record ActiveUser(ApplicationUser User, IPage? Page, System.Net.CookieContainer? Cookies, Guid CompletedPlanId);

    /// <summary>A browserless active practitioner as the holder process knows them: opens a circuit per action.</summary>
    public sealed record Actor(HttpClient Http, System.Net.CookieContainer Cookies, Guid PlanId);

    /// <summary>
    /// An action measured on a page opened once: <c>Act</c> (rep is its number), <c>DoneWhen</c> a JavaScript condition,
    /// checked on every change of the page, that says its result is shown (timed from the browser's input event: the click or
    /// the key that the page acts on; from the pointer going down, the driver's own time until the button comes up was counted), then
    /// <c>Undo</c> (not timed) puts the page back for the next repetition.
    /// </summary>
    private sealed record PageAction(string Name, string Path, string Ready, Func<IPage, int, Task> Act, string DoneWhen, Func<IPage, Task>? Undo,
        CircuitAction Browserless);

    /// <summary>
    /// The same action for a browserless practitioner: <c>Ready</c> and <c>DoneWhen</c> read what the page shows (DoneWhen
    /// also gets the grid's text from before the action), timed from sending the event to the render batch that shows it.
    /// </summary>
    private sealed record CircuitAction(Func<RenderedPage, bool> Ready, Func<BlazorCircuit, int, Task> Act, Func<RenderedPage, string, bool> DoneWhen,
        Func<BlazorCircuit, Task>? Undo = null);

    private static string H1(RenderedPage page) => page.First("h1")?.Text().Trim() ?? "";
    private static string GridText(RenderedPage page) => page.First("tbody")?.Text() ?? "";
    private static int GridRows(RenderedPage page) => page.First("tbody")?.DescendantsAndSelf().Count(n => n.Kind == RenderedPage.Kind.Element && n.Name == "tr") ?? 0;
    private static bool HomeReady(RenderedPage page) => H1(page) == "Home" && TilesText(page) is { Length: > 0 } tiles && !tiles.Contains('…');
    private static string TilesText(RenderedPage page) => page.Nodes.FirstOrDefault(n => n.Attribute("data-testid") == "tiles")?.Text() ?? "";
    private static readonly Func<RenderedPage, bool> GridShown = page => H1(page) == "My FSP" && GridRows(page) > 1;

    private static Task ClickAsync(BlazorCircuit circuit, string text) =>
        circuit.ClickAsync(circuit.Read(page => page.FindHandler("onclick", n => n.Text().Trim() == text))?.HandlerId
                           ?? throw new InvalidOperationException($"Nothing to click that says \u201c{text}\u201d."));

    private const string GridReady = "document.querySelectorAll('.plans-grid tbody tr').length > 1";

    private static readonly PageAction[] Actions =
    [
        new("tile click-through (Home → My FSP)", "/", "!document.querySelector('[data-testid=tiles]')?.textContent.includes('…')",
            (page, _) => page.Locator("a.tile-blue").ClickAsync(),
            "document.querySelector('h1')?.textContent.trim() === 'My FSP' && document.querySelectorAll('.plans-grid tbody tr').length > 1",
            Undo: async page =>
            {
                await page.GoBackAsync();
                await page.WaitForFunctionAsync("document.querySelector('h1')?.textContent.trim() === 'Home' && !document.querySelector('[data-testid=tiles]').textContent.includes('…')");
            },
            Browserless: new(HomeReady,
                (circuit, _) => circuit.FollowLinkAsync(circuit.Read(page => page.Nodes.First(n => n.Name == "a" && (n.Attribute("class") ?? "").Contains("tile-blue")).Attribute("href")!)),
                (page, _) => GridShown(page),
                async circuit =>
                {
                    await circuit.FollowLinkAsync("/");
                    await circuit.WaitForAsync(HomeReady, TimeSpan.FromSeconds(15));
                })),
        new("My FSP sort by child", "/my-fsp", GridReady,
            (page, _) => page.GetByRole(AriaRole.Columnheader, new() { Name = "Child" }).GetByRole(AriaRole.Button).ClickAsync(),
            "document.querySelector('.plans-grid tbody')?.innerText !== window.__fspBefore", null,
            Browserless: new(GridShown, (circuit, _) => ClickAsync(circuit, "Child"), (page, before) => GridText(page) != before)),
        new("My FSP search keystroke", "/my-fsp", GridReady,
            (page, rep) => rep % 2 == 0 ? page.GetByLabel("Search plans").PressAsync("z") : page.GetByLabel("Search plans").PressAsync("Backspace"),
            "document.querySelector('.plans-grid tbody')?.innerText !== window.__fspBefore", null,
            Browserless: new(GridShown,
                (circuit, rep) =>
                {
                    var field = circuit.Read(page => page.Field("Search plans")) ?? throw new InvalidOperationException("No search field.");
                    return circuit.InputAsync(field.Attributes["oninput"].HandlerId, RenderedPage.ComponentOf(field), rep % 2 == 0 ? "z" : "");
                },
                (page, before) => GridText(page) != before)),
        new("stepper Next (save step 5, show step 6)", "/plans/{plan}/edit/5", "!!document.querySelector('main button')",
            (page, _) => page.GetByRole(AriaRole.Button, new() { Name = "Save and go to the next step" }).ClickAsync(),
            "location.pathname.endsWith('/edit/6') && document.querySelector('h2')?.textContent.includes('6')",
            Undo: async page =>
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Back" }).ClickAsync();
                await page.WaitForFunctionAsync("location.pathname.endsWith('/edit/5') && document.querySelector('h2')?.textContent.includes('5')");
            },
            Browserless: new(page => page.FindHandler("onclick", n => n.Text().Trim() == "Save and go to the next step") is not null && StepShown(page, 5),
                (circuit, _) => ClickAsync(circuit, "Save and go to the next step"),
                (page, _) => StepShown(page, 6),
                async circuit =>
                {
                    await ClickAsync(circuit, "Back");
                    await circuit.WaitForAsync(page => StepShown(page, 5) && page.FindHandler("onclick", n => n.Text().Trim() == "Save and go to the next step") is not null,
                        TimeSpan.FromSeconds(15));
                })),
    ];

    private static bool StepShown(RenderedPage page, int step) => page.First("h2")?.Text().Contains(step.ToString()) == true;

    /// <summary>The actions to time: all, or those whose names contain one of FSP_BENCH_ACTIONS (comma-separated, e.g. "tile,sort").</summary>
    private static IEnumerable<PageAction> ChosenActions =>
        Environment.GetEnvironmentVariable("FSP_BENCH_ACTIONS") is { Length: > 0 } chosen
            ? Actions.Where(a => chosen.Split(',').Any(c => a.Name.Contains(c.Trim(), StringComparison.OrdinalIgnoreCase)))
            : Actions;

    /// <summary>Between actions a practitioner reads: half a second or so, so ten people act at once but not in lockstep.</summary>
    private static Task ThinkAsync(Random random) => Task.Delay(400 + random.Next(300));

    private const string InstallMeasure = """
        ([doneWhen]) => {
            window.__fspBefore = document.querySelector('.plans-grid tbody')?.innerText;
            window.__fspDone = new Promise(resolve => {
                setTimeout(() => resolve(-1), 15000); // not shown within 15 s: counted as a failure, not waited for
                let start = null;
                for (const type of ['click', 'keydown']) document.addEventListener(type, e => { start ??= e.timeStamp; }, { capture: true, once: true });
                const done = new Function('return (' + doneWhen + ');');
                const observer = new MutationObserver(() => {
                    if (start !== null && done()) { observer.disconnect(); resolve(performance.now() - start); }
                });
                observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
            });
        }
        """;

    /// <summary>Every active practitioner does <paramref name="action"/> <paramref name="repetitions"/> times at once; latency in Chromium and browserless.</summary>
    private static async Task<(List<double> InPage, List<double> Browserless)> MeasureAsync(List<ActiveUser> active, CircuitHolder holder, PageAction action, int repetitions)
    {
        var inPage = new List<double>();
        var browserless = active.Any(u => u.Page is null) ? holder.ActAsync(action.Name, repetitions) : Task.FromResult(new List<double>());
        await Task.WhenAll(active.Where(u => u.Page is not null).Select(async (user, u) =>
        {
            var page = user.Page!;
            var random = new Random(u);
            await OpenAsync(page, action.Path.Replace("{plan}", user.CompletedPlanId.ToString()));
            await page.WaitForFunctionAsync(action.Ready);
            for (var i = 0; i < repetitions; i++)
            {
                await ThinkAsync(random);
                await page.EvaluateAsync(InstallMeasure, new object[] { action.DoneWhen });
                await action.Act(page, i);
                var took = await page.EvaluateAsync<double>("window.__fspDone");
                lock (inPage) inPage.Add(took < 0 ? double.PositiveInfinity : took);
                if (action.Undo is not null) await action.Undo(page);
            }
        }));
        return (inPage, await browserless);
    }

    /// <summary>In the holder process: every browserless practitioner opens the action's page and does it, at once.</summary>
    public static async Task<List<double>> ActBrowserlessAsync(List<Actor> actors, string actionName, int repetitions)
    {
        var action = Actions.Single(a => a.Name == actionName);
        var samples = new List<double>();
        await Task.WhenAll(actors.Select(async (actor, u) =>
        {
            var random = new Random(1000 + u);
            var path = action.Path.Replace("{plan}", actor.PlanId.ToString());
            await using var circuit = await BlazorCircuit.OpenAsync(actor.Http, actor.Cookies, path, keepPage: true);
            var timeout = TimeSpan.FromSeconds(15);
            try { await circuit.WaitForAsync(action.Browserless.Ready, timeout); }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{action.Name}: {path} was not ready for a browserless practitioner; it shows \u201c{circuit.Read(H1)}\u201d.");
            }
            for (var i = 0; i < repetitions; i++)
            {
                await ThinkAsync(random);
                var before = circuit.Read(GridText);
                var took = Stopwatch.StartNew();
                await action.Browserless.Act(circuit, i);
                var shown = true;
                try { await circuit.WaitForAsync(p => action.Browserless.DoneWhen(p, before), timeout); }
                catch (TimeoutException) { shown = false; }
                lock (samples) samples.Add(shown ? took.Elapsed.TotalMilliseconds : double.PositiveInfinity);
                if (!shown) break; // the page is not where the next repetition expects it
                if (action.Browserless.Undo is not null) await action.Browserless.Undo(circuit);
            }
        }));
        return samples;
    }

    /// <summary>In the holder process: these practitioners open Home and note (this machine's clock) each change of their tiles.</summary>
    public static async Task<List<(BlazorCircuit Circuit, List<double> Changes)>> WatchHomeAsync(IEnumerable<Actor> watchers) =>
        [.. await Task.WhenAll(watchers.Select(async watcher =>
        {
            var circuit = await BlazorCircuit.OpenAsync(watcher.Http, watcher.Cookies, "/", keepPage: true);
            await circuit.WaitForAsync(HomeReady, TimeSpan.FromSeconds(15));
            var changes = new List<double>();
            var tiles = circuit.Read(TilesText);
            circuit.PageChanged += page =>
            {
                var now = TilesText(page);
                if (now == tiles) return;
                tiles = now;
                lock (changes) changes.Add((DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds);
            };
            return (circuit, changes);
        }))];

    /// <summary>
    /// One practitioner's Home is open; another attaches them to one of their plans (through the portal's own sharing
    /// service, as the Sharing page does). Timed from the call to the tile's count changing in the page (same machine clock),
    /// or for a browserless watcher, to the render batch that changes it.
    /// </summary>
    private static async Task<(List<double> InPage, List<double> Browserless)> LiveUpdateAsync(WebApplication app, List<ActiveUser> active, CircuitHolder holder, int repetitions)
    {
        var sharing = app.Services.GetRequiredService<PlanSharingService>();
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<FspDbContext>>();
        var (inPage, browserless) = (new List<double>(), new List<double>());
        var pairs = active.Count / 2;
        // Watchers are the first half (the Chromium pages first, then browserless ones, who watch in the holder process in the
        // same order), each watched for a change by someone in the second half.
        var browserlessWatchers = active.Take(pairs).Count(u => u.Page is null);
        await holder.WatchAsync(browserlessWatchers);
        var started = Enumerable.Range(0, browserlessWatchers).Select(_ => new List<double>()).ToList();
        await Task.WhenAll(Enumerable.Range(0, pairs).Select(async p =>
        {
            var (watcher, actor) = (active[p], active[pairs + p]);
            List<Guid> toShare;
            await using (var db = await dbFactory.CreateDbContextAsync())
                toShare = await db.PlanMembers.Where(m => m.UserId == actor.User.Id && m.IsActive && m.Role == PlanRole.Coordinator)
                    .Select(m => m.PlanId).Where(id => !db.PlanMembers.Any(o => o.PlanId == id && o.UserId == watcher.User.Id)).OrderBy(id => id).Take(repetitions).ToListAsync();
            var asActor = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, actor.User.Id), new Claim(ClaimTypes.Name, actor.User.Email!)], "bench"));
            async Task AttachAsync(Guid planId)
            {
                var attached = await sharing.AttachAsync(planId, asActor, watcher.User.Id, overrideReason: "benchmark");
                if (!attached.Succeeded) throw new InvalidOperationException(attached.Problem);
            }

            if (watcher.Page is not { } page)
            {
                foreach (var planId in toShare)
                {
                    started[p - (pairs - browserlessWatchers)].Add((DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds);
                    await AttachAsync(planId);
                    await Task.Delay(1000); // one change at a time on each Home, so each shows apart
                }
                return;
            }
            await OpenAsync(page, "/");
            await page.WaitForFunctionAsync("document.querySelector('.tile-count')?.textContent !== '…'");
            foreach (var planId in toShare)
            {
                await page.EvaluateAsync("""
                    () => {
                        const tiles = document.querySelector('[data-testid=tiles]');
                        const before = tiles.textContent;
                        window.__fspShown = new Promise(resolve => {
                            setTimeout(() => resolve(-1), 15000);
                            const observer = new MutationObserver(() => {
                                if (tiles.textContent !== before) { observer.disconnect(); resolve(performance.timeOrigin + performance.now()); }
                            });
                            observer.observe(tiles, { childList: true, subtree: true, characterData: true });
                        });
                    }
                    """);
                var startedAt = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds; // the page's clock is this machine's
                await AttachAsync(planId);
                var shownAt = await page.EvaluateAsync<double>("window.__fspShown");
                lock (inPage) inPage.Add(shownAt < 0 ? double.PositiveInfinity : shownAt - startedAt);
            }
        }));
        var changes = await holder.ReportAsync();
        for (var w = 0; w < started.Count; w++)
            foreach (var at in started[w])
                browserless.Add(changes[w].Where(c => c >= at).DefaultIfEmpty(double.PositiveInfinity).Min() - at);
        return (inPage, browserless);
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForSelectorAsync("[data-interactive=true]");
    }

    /// <summary>Runs <paramref name="measure"/> and says how busy this process (the server) was meanwhile, in % of one core.</summary>
    private static async Task<(T Result, double ServerCpu)> WithServerCpuAsync<T>(Func<Task<T>> measure)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var result = await measure();
        process.Refresh();
        return (result, (process.TotalProcessorTime - cpu).TotalMilliseconds / wall.Elapsed.TotalMilliseconds * 100);
    }

    private static (double HeapMB, double WorkingSetMB) MemoryAfterFullCollection()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true) / 1048576.0, process.WorkingSet64 / 1048576.0);
    }

    /// <summary>This process's CPU over <paramref name="span"/> as a share of one core: the server, everyone idle.</summary>
    private static async Task<double> IdleCpuAsync(TimeSpan span)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var workItems = ThreadPool.CompletedWorkItemCount;
        var (gen0, gen2, allocated) = (GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalAllocatedBytes());
        await Task.Delay(span);
        process.Refresh();
        Console.WriteLine($"  while idle: {(ThreadPool.CompletedWorkItemCount - workItems) / span.TotalSeconds:F0} thread-pool work items a second, {Timer.ActiveCount:N0} timers, " +
                          $"{(GC.GetTotalAllocatedBytes() - allocated) / span.TotalSeconds / 1024:F0} KB allocated a second, " +
                          $"{GC.CollectionCount(0) - gen0} collections ({GC.CollectionCount(2) - gen2} full)");
        return (process.TotalProcessorTime - before).TotalMilliseconds / span.TotalMilliseconds * 100;
    }

    private static string Summary(List<double> samples)
    {
        if (samples.Count == 0) return "no samples";
        var sorted = samples.Order().ToArray();
        double At(double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
        var failed = sorted.Count(double.IsInfinity);
        return $"p50 {At(0.5):F0} ms, p95 {At(0.95):F0} ms, max {sorted[^1]:F0} ms (n={sorted.Length}{(failed > 0 ? $", {failed} not shown within 15 s" : "")})";
    }

    private sealed record Council(int Plans, int PlansEach, List<ApplicationUser> Active, Dictionary<string, Guid> PlanOf);

    private static async Task<Council> SeedAsync(WebApplication app, int activeUsers)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var active = new List<ApplicationUser>();
        for (var i = 0; i <= activeUsers; i++)
        {
            var email = i == activeUsers ? IdleEmail : $"active{i + 1}@bench.example.org";
            var user = new ApplicationUser
            {
                UserName = email, Email = email, EmailConfirmed = true, FullName = i == activeUsers ? "Ida Idle" : $"Active Practitioner {i + 1}",
                Agency = "Family Hub", TwoFactorEnabled = true, IsActive = true, CreatedUtc = DateTime.UtcNow,
            };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, Roles.Practitioner);
            if (i < activeUsers) active.Add(user);
        }
        const int plans = 5000;
        await app.Services.GetRequiredService<DemoCouncil>().GenerateAsync(plans, 200, alsoCoordinating: [.. active.Select(u => u.Id)]);
        var planOf = new Dictionary<string, Guid>();
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<FspDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        foreach (var user in active)
            planOf[user.Id] = await db.PlanMembers.Where(m => m.UserId == user.Id && m.Role == PlanRole.Coordinator)
                .Join(db.Plans, m => m.PlanId, p => p.Id, (m, p) => p).Where(p => p.Status == PlanStatus.Completed)
                .Select(p => p.Id).FirstAsync();
        return new Council(plans, plans / 10 / activeUsers, active, planOf);
    }
}
