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
/// The actor's save with 0 and then 50 other open pages subscribed to the plan, each of which reloads the plan from the
/// database when told (as the overview does). Reports the actor's save time (it must not grow with the audience: the
/// notification is dispatched after commit, off the actor's path) and the time from the commit to each page
/// being told. The real app (dispatcher running) on a real SQLite file.
/// </summary>
public static class LiveBenchmark
{
    public static async Task RunAsync(int saves, int pages)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "fsp-bench", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(["--Storage:DataDirectory=" + dataDirectory, "--Logging:LogLevel:Default=Warning",
            "--urls=http://127.0.0.1:0", "--Jobs:Enabled=false"]);
        builder.AddFspPortal();
        var app = builder.Build();
        await app.InitialiseDatabaseAsync();
        await app.StartAsync();
        try
        {
            var services = app.Services;
            var wizard = services.GetRequiredService<PlanWizardService>();
            var sharing = services.GetRequiredService<PlanSharingService>();
            var overview = services.GetRequiredService<PlanOverviewService>();
            var notifier = services.GetRequiredService<IPlanNotifier>();
            var dbFactory = services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<FspDbContext>>();

            var people = Enumerable.Range(0, pages + 1).Select(i => new ApplicationUser
            {
                Id = $"user-{i}", UserName = $"user{i}@example.org", Email = $"user{i}@example.org", FullName = $"User {i}", Agency = "School", IsActive = true,
            }).ToList();
            await using (var db = await dbFactory.CreateDbContextAsync()) { db.Users.AddRange(people); await db.SaveChangesAsync(); }
            var actor = people[0];
            ClaimsPrincipal As(ApplicationUser u) => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, u.Id), new Claim(ClaimTypes.Name, u.Email!)], "bench"));
            var planId = await wizard.StartAsync(actor.Id);
            foreach (var other in people.Skip(1)) Check(await sharing.AttachAsync(planId, As(actor), other.Id));
            await Task.Delay(1000); // let the attach emails and notifications drain

            var step = WizardSteps.Get(5)!;
            var counter = 0;
            var pause = TimeSpan.FromMilliseconds(int.TryParse(Environment.GetEnvironmentVariable("FSP_BENCH_PAUSE_MS"), out var ms) ? ms : 250);
            async Task<double[]> SavesAsync(int count, List<double>? told, long[]? returnedAt)
            {
                var times = new double[count];
                for (var i = 0; i < count; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    Check(await wizard.SaveStepAsync(planId, actor.Id, step, new FamilyStoryStep { KeyEventsNow = $"Events {++counter}" }));
                    var end = Stopwatch.GetTimestamp();
                    times[i] = Stopwatch.GetElapsedTime(start, end).TotalMilliseconds;
                    await Task.Delay(pause); // a person's saves are seconds apart; the 50 pages' reloads must keep up between them
                }
                return times;
            }

            await SavesAsync(30, null, null); // warm-up
            var alone = await SavesAsync(saves, null, null);

            var told = new List<double>();
            var lastReturn = new long[1];
            // The commit's moment, from EF's own diagnostics (the store's SaveChanges is the only save while pages reload):
            // a page may be told before the actor's call has even returned.
            using var commits = DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(source =>
            {
                if (source.Name == "Microsoft.EntityFrameworkCore")
                    source.Subscribe(new Observer<KeyValuePair<string, object?>>(e =>
                    {
                        if (e.Key == "Microsoft.EntityFrameworkCore.Update.SaveChangesCompleted") Volatile.Write(ref lastReturn[0], Stopwatch.GetTimestamp());
                    }));
            }));
            var subscriptions = people.Skip(1).Select(p => notifier.Subscribe(p.Id, async change =>
            {
                var heard = Stopwatch.GetTimestamp();
                var returned = Volatile.Read(ref lastReturn[0]);
                lock (told) told.Add(returned == 0 ? 0 : Math.Max(0, Stopwatch.GetElapsedTime(returned, heard).TotalMilliseconds));
                if (Environment.GetEnvironmentVariable("FSP_BENCH_NO_RELOAD") is null) await overview.OpenAsync(change.PlanId, As(p), recordView: false); // the page reloads the plan, as the overview does
            })).ToList();
            var withPages = await SavesAsync(saves, told, lastReturn);
            for (var wait = 0; wait < 300 && told.Count < saves * pages; wait++) await Task.Delay(100);
            subscriptions.ForEach(s => s.Dispose());

            Console.WriteLine($"Actor's save (Next on step 5), {saves} saves each:");
            Console.WriteLine($"  0 other open pages:  median {Percentile(alone, 50):F2} ms, p95 {Percentile(alone, 95):F2} ms");
            Console.WriteLine($"  {pages} other open pages: median {Percentile(withPages, 50):F2} ms, p95 {Percentile(withPages, 95):F2} ms " +
                              $"({(Percentile(withPages, 50) / Percentile(alone, 50) - 1) * 100:+0;-0}% median)");
            Console.WriteLine($"From the commit to another open page being told ({told.Count} of {saves * pages} deliveries): " +
                              $"p50 {Percentile([.. told], 50):F2} ms, p95 {Percentile([.. told], 95):F2} ms, max {told.Max():F2} ms");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, true);
        }
    }

    /// <summary>Listens to a diagnostic source with a lambda (the commit's moment, from EF's own events).</summary>
    internal sealed class Observer<T>(Action<T> next) : IObserver<T>
    {
        public void OnCompleted() { }
        public void OnError(Exception error) { }
        public void OnNext(T value) => next(value);
    }

    private static void Check(StepSaveResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(result.Problem ?? string.Join("; ", result.Errors));
    }

    private static double Percentile(double[] values, int p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
