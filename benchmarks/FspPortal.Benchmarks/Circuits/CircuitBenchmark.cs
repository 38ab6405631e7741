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
/// `circuits [levels] [active users]` (default "0,1000,2000,5000" and 10): the portal on this machine as a council's
/// server, in this process (Production settings, SQLite, a synthetic council of 5,000 plans). At each level a second
/// process (<see cref="CircuitHolder"/>) holds that many idle Home pages open through <see cref="BlazorCircuit"/>, while
/// Chromium pages signed in as the active practitioners act at once. Reports the server's managed heap after a full
/// collection and its working set (per idle page), its CPU while everyone is idle, click→DOM latency of four actions
/// measured in the page (p50/p95/max), and how long a change takes to show on another practitioner's open Home.
/// </summary>
public static partial class CircuitBenchmark
{
    private const string Password = "benchmark circuits on one server";
    private const string IdleEmail = "ida.idle@bench.example.org";

    public static async Task RunAsync(int[] levels, int activeUsers, int repetitions)
    {
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
        Console.WriteLine($"Seeded {council.Plans:N0} plans; {activeUsers} active practitioners with {council.PlansEach} plans each; one idle practitioner.");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Environment.GetEnvironmentVariable("FSP_CHROMIUM") ?? "/usr/bin/chromium", Args = ["--no-sandbox"] });
        var active = new List<ActiveUser>();
        for (var i = 0; i < activeUsers; i++)
        {
            var cookies = await PortalSignIn.SignInAsync(baseUrl, app.Services.GetRequiredService<LocalMailbox>(), council.Active[i].Email!, Password);
            var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, BypassCSP = true }) /* the measuring script is evaluated in the page */;
            await context.AddCookiesAsync(cookies.GetAllCookies().Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Url = baseUrl }));
            active.Add(new ActiveUser(council.Active[i], await context.NewPageAsync(), council.PlanOf[council.Active[i].Id]));
        }
        var idleCookies = await PortalSignIn.SignInAsync(baseUrl, app.Services.GetRequiredService<LocalMailbox>(), IdleEmail, Password);

        // Warm up (JIT, caches, connection pools) with one unmeasured round of every action, as a server that has run a while.
        foreach (var action in ChosenActions) await MeasureAsync(active, action, 1);
        await LiveUpdateAsync(app, active, 1);

        var live = app.Services.GetRequiredService<LiveCircuits>();
        await using var holder = CircuitHolder.Start(baseUrl, idleCookies);
        var results = new List<string>();
        double? baseHeap = null, baseWorkingSet = null;
        foreach (var level in levels)
        {
            Console.WriteLine($"\n=== {level:N0} idle Home pages ===");
            var opening = Stopwatch.StartNew();
            var held = await holder.HoldAsync(level);
            Console.WriteLine($"Held {held.Held:N0} idle pages ({held.Failed} failed to open) in {opening.Elapsed.TotalSeconds:F0} s; server counts {live.Count:N0} live circuits.");
            foreach (var user in active) await OpenAsync(user.Page, "/");
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
                var (samples, serverCpu) = await WithServerCpuAsync(() => MeasureAsync(active, action, repetitions));
                row.Add($"{action.Name}: {Summary(samples)}; server {serverCpu:F0} % of one core");
                Console.WriteLine($"  {action.Name}: {Summary(samples)}; server {serverCpu:F0} % of one core meanwhile");
            }
            var liveSamples = await LiveUpdateAsync(app, active, repetitions);
            row.Add($"live update to another's Home: {Summary(liveSamples)}");
            Console.WriteLine($"  live update to another's Home: {Summary(liveSamples)}");
            results.Add(string.Join(" | ", row));
        }
        Console.WriteLine("\nSummary:");
        foreach (var line in results) Console.WriteLine(line);
        await app.StopAsync();
    }

    private sealed record ActiveUser(ApplicationUser User, IPage Page, Guid CompletedPlanId);

    /// <summary>
    /// An action measured on a page opened once: <c>Act</c> (rep is its number), <c>DoneWhen</c> a JavaScript condition,
    /// checked on every change of the page, that says its result is shown (timed from the browser's input event: the click or
    /// the key that the page acts on; from the pointer going down, the driver's own time until the button comes up was counted), then
    /// <c>Undo</c> (not timed) puts the page back for the next repetition.
    /// </summary>
    private sealed record PageAction(string Name, string Path, string Ready, Func<IPage, int, Task> Act, string DoneWhen, Func<IPage, Task>? Undo = null);

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
            }),
        new("My FSP sort by child", "/my-fsp", GridReady,
            (page, _) => page.GetByRole(AriaRole.Columnheader, new() { Name = "Child" }).Locator(".sortable-column-header, .column-header").First.ClickAsync(),
            "document.querySelector('.plans-grid tbody')?.innerText !== window.__fspBefore"),
        new("My FSP search keystroke", "/my-fsp", GridReady,
            (page, rep) => rep % 2 == 0 ? page.GetByLabel("Search plans").PressAsync("z") : page.GetByLabel("Search plans").PressAsync("Backspace"),
            "document.querySelector('.plans-grid tbody')?.innerText !== window.__fspBefore"),
        new("stepper Next (save step 5, show step 6)", "/plans/{plan}/edit/5", "!!document.querySelector('main button')",
            (page, _) => page.GetByRole(AriaRole.Button, new() { Name = "Save and go to the next step" }).ClickAsync(),
            "location.pathname.endsWith('/edit/6') && document.querySelector('h2')?.textContent.includes('6')",
            Undo: async page =>
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Back" }).ClickAsync();
                await page.WaitForFunctionAsync("location.pathname.endsWith('/edit/5') && document.querySelector('h2')?.textContent.includes('5')");
            }),
    ];

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

    private static async Task<List<double>> MeasureAsync(List<ActiveUser> active, PageAction action, int repetitions)
    {
        var samples = new List<double>();
        await Task.WhenAll(active.Select(async (user, u) =>
        {
            var random = new Random(u);
            await OpenAsync(user.Page, action.Path.Replace("{plan}", user.CompletedPlanId.ToString()));
            await user.Page.WaitForFunctionAsync(action.Ready);
            for (var i = 0; i < repetitions; i++)
            {
                await ThinkAsync(random);
                await user.Page.EvaluateAsync(InstallMeasure, new object[] { action.DoneWhen });
                await action.Act(user.Page, i);
                var took = await user.Page.EvaluateAsync<double>("window.__fspDone");
                lock (samples) samples.Add(took < 0 ? double.PositiveInfinity : took);
                if (action.Undo is not null) await action.Undo(user.Page);
            }
        }));
        return samples;
    }

    /// <summary>
    /// One practitioner's Home is open; another attaches them to one of their plans (through the portal's own sharing
    /// service, as the Sharing page does). Timed from the call to the tile's count changing in the page (same machine clock).
    /// </summary>
    private static async Task<List<double>> LiveUpdateAsync(WebApplication app, List<ActiveUser> active, int repetitions)
    {
        var sharing = app.Services.GetRequiredService<PlanSharingService>();
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<FspDbContext>>();
        var samples = new List<double>();
        var pairs = active.Count / 2;
        await Task.WhenAll(Enumerable.Range(0, pairs).Select(async p =>
        {
            var (actor, watcher) = (active[2 * p], active[2 * p + 1]);
            await OpenAsync(watcher.Page, "/");
            await watcher.Page.WaitForFunctionAsync("document.querySelector('.tile-count')?.textContent !== '…'");
            List<Guid> toShare;
            await using (var db = await dbFactory.CreateDbContextAsync())
                toShare = await db.PlanMembers.Where(m => m.UserId == actor.User.Id && m.IsActive && m.Role == PlanRole.Coordinator)
                    .Select(m => m.PlanId).Where(id => !db.PlanMembers.Any(o => o.PlanId == id && o.UserId == watcher.User.Id)).Take(repetitions).ToListAsync();
            var asActor = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, actor.User.Id), new Claim(ClaimTypes.Name, actor.User.Email!)], "bench"));
            foreach (var planId in toShare)
            {
                await watcher.Page.EvaluateAsync("""
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
                var attached = await sharing.AttachAsync(planId, asActor, watcher.User.Id, overrideReason: "benchmark");
                if (!attached.Succeeded) throw new InvalidOperationException(attached.Problem);
                var shownAt = await watcher.Page.EvaluateAsync<double>("window.__fspShown");
                lock (samples) samples.Add(shownAt < 0 ? double.PositiveInfinity : shownAt - startedAt);
            }
        }));
        return samples;
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
