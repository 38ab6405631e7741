using System.Diagnostics;
using System.Security.Claims;
using FspPortal.Web.Data;
using FspPortal.Web.Extensions;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Plans.Wizard;
using FspPortal.Web.Features.Sharing;
using FspPortal.Web.Realtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Benchmarks;

/// <summary>
/// `crossserver [saves]`: two portal servers (two apps in this process, each with its own services, dispatcher and
/// listening connection) on one fresh PostgreSQL database (<c>FSP_BENCH_POSTGRES</c>). A practitioner saves a step on
/// the first; another user's open page on the second is told, through NOTIFY/LISTEN. Reports the time from the commit
/// (EF's SaveChangesCompleted on the first server) to the page on the second being told. Target: p95 under 100 ms.
/// </summary>
public static class CrossServerBenchmark
{
    public static async Task RunAsync(int saves)
    {
        if (Environment.GetEnvironmentVariable("FSP_BENCH_POSTGRES") is not { Length: > 0 })
        {
            Console.WriteLine("Set FSP_BENCH_POSTGRES to a PostgreSQL server's connection string (two servers need PostgreSQL).");
            return;
        }
        var postgres = BenchmarkDatabase.All().Last();
        var firstFolder = Path.Combine(Path.GetTempPath(), "fsp-bench", Guid.NewGuid().ToString("N"));
        await using var database = await postgres(firstFolder);
        var connection = database.Settings.Single(s => s.StartsWith("--ConnectionStrings:Portal="));
        var first = await StartAsync(database.Settings);
        var second = await StartAsync(["--Storage:DataDirectory=" + Path.Combine(Path.GetTempPath(), "fsp-bench", Guid.NewGuid().ToString("N")),
            "--Storage:Provider=PostgreSQL", connection]);
        try
        {
            var wizard = first.Services.GetRequiredService<PlanWizardService>();
            var dbFactory = first.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<FspDbContext>>();
            var actor = new ApplicationUser { Id = "actor", UserName = "sam@example.org", Email = "sam@example.org", FullName = "Sam Hughes", Agency = "School", IsActive = true };
            var watcher = new ApplicationUser { Id = "watcher", UserName = "bea@example.org", Email = "bea@example.org", FullName = "Bea Team", Agency = "School", IsActive = true };
            await using (var db = await dbFactory.CreateDbContextAsync()) { db.Users.AddRange(actor, watcher); await db.SaveChangesAsync(); }
            var planId = await wizard.StartAsync(actor.Id);
            var asActor = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, actor.Id), new Claim(ClaimTypes.Name, actor.Email!)], "bench"));
            var attached = await first.Services.GetRequiredService<PlanSharingService>().AttachAsync(planId, asActor, watcher.Id);
            if (!attached.Succeeded) throw new InvalidOperationException(attached.Problem);
            await Task.Delay(1000);

            var committedAt = new long[1];
            using var commits = DiagnosticListener.AllListeners.Subscribe(new LiveBenchmark.Observer<DiagnosticListener>(source =>
            {
                if (source.Name == "Microsoft.EntityFrameworkCore")
                    source.Subscribe(new LiveBenchmark.Observer<KeyValuePair<string, object?>>(e =>
                    {
                        if (e.Key == "Microsoft.EntityFrameworkCore.Update.SaveChangesCompleted") Volatile.Write(ref committedAt[0], Stopwatch.GetTimestamp());
                    }));
            }));
            var told = new List<double>();
            var heard = new SemaphoreSlim(0);
            using var page = second.Services.GetRequiredService<IPlanNotifier>().Subscribe(watcher.Id, _ =>
            {
                var at = Stopwatch.GetTimestamp();
                lock (told) told.Add(Stopwatch.GetElapsedTime(Volatile.Read(ref committedAt[0]), at).TotalMilliseconds);
                heard.Release();
                return Task.CompletedTask;
            });

            var step = WizardSteps.Get(5)!;
            for (var i = 0; i < saves + 20; i++)
            {
                var saved = await wizard.SaveStepAsync(planId, actor.Id, step, new FamilyStoryStep { KeyEventsNow = $"Events {i}" });
                if (!saved.Succeeded) throw new InvalidOperationException(saved.Problem);
                if (!await heard.WaitAsync(TimeSpan.FromSeconds(10))) throw new TimeoutException("The second server was not told within 10 s.");
                if (i == 19) lock (told) told.Clear(); // the first 20 warm up
                await Task.Delay(100);
            }
            var sorted = told.Order().ToArray();
            Console.WriteLine($"Commit on server 1 → page told on server 2, {sorted.Length} saves: p50 {sorted[sorted.Length / 2]:F2} ms, " +
                              $"p95 {sorted[(int)Math.Ceiling(0.95 * sorted.Length) - 1]:F2} ms, max {sorted[^1]:F2} ms");
        }
        finally
        {
            foreach (var app in new[] { second, first })
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
    }

    private static async Task<WebApplication> StartAsync(IEnumerable<string> settings)
    {
        var builder = WebApplication.CreateBuilder([.. settings, "--Logging:LogLevel:Default=Warning", "--urls=http://127.0.0.1:0", "--Jobs:Enabled=false"]);
        builder.AddFspPortal();
        var app = builder.Build();
        await app.InitialiseDatabaseAsync();
        await app.StartAsync();
        return app;
    }
}
