using System.Diagnostics;
using FspPortal.Web.Data;
using FspPortal.Web.Extensions;
using FspPortal.Web.Features.Demo;
using FspPortal.Web.Features.Exports;
using FspPortal.Web.Features.Outcomes;
using FspPortal.Web.Features.Plans;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Benchmarks;

/// <summary>
/// `outcomes [plans] [users] [exportRows]`: a synthetic council (default 100,000 plans, with needs, outcomes at closure and
/// 6-month checks), then the manager's figures timed (p50/p95 over many runs; target p95 under 200 ms) for the whole
/// council and for one agency, each section and the whole report; then My FSP exported to Excel for a user on
/// <c>exportRows</c> plans (default 10,000; target under 2 s and under 100 MB).
/// </summary>
public static class OutcomesBenchmark
{
    public static Task RunAsync(int plans, int users, int exportRows) =>
        BenchmarkDatabase.ForEachAsync("fsp-outcomes", (database, dataDirectory) => RunOnAsync(database, plans, users, exportRows));

    private static async Task RunOnAsync(BenchmarkDatabase database, int plans, int users, int exportRows)
    {
        var builder = WebApplication.CreateBuilder([.. database.Settings, "--Logging:LogLevel:Default=Warning", "--Jobs:Enabled=false"]);
        builder.AddFspPortal();
        await using var app = builder.Build();
        await app.InitialiseDatabaseAsync();

        var generate = Stopwatch.StartNew();
        var council = await app.Services.GetRequiredService<DemoCouncil>().GenerateAsync(plans, users);
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<FspDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            if (database.IsPostgreSql)
            {
                db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
                await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE;");
            }
            Console.WriteLine($"Generated {council.Plans:N0} plans in {generate.Elapsed.TotalSeconds:F0} s: {await db.PlanNeeds.CountAsync():N0} needs, "
                + $"{await db.PlanNeeds.CountAsync(n => n.Progress != null):N0} answered at closure, {await db.PlanNeeds.CountAsync(n => n.Sustained != null):N0} checked at 6 months");
        }

        var figures = app.Services.GetRequiredService<OutcomeFigures>();
        var today = FspPortal.Web.Components.Shared.UkTime.Today(TimeProvider.System);
        var lastQuarter = OutcomePeriods.Recent(today)[1];
        foreach (var (label, agency) in new[] { ("whole council", (string?)null), ("one agency (school)", "school") })
        {
            var filter = OutcomeFilter.ForQuarter(lastQuarter, agency);
            var report = await figures.ReportAsync(filter);
            Console.WriteLine($"\n{label}, {filter.PeriodText}: {report.Headline.Open:N0} open, {report.Headline.Closed:N0} closed in the quarter, "
                + $"housing {report.ByOutcome.Single(r => r.Code == "housing").Sustained:N0} sustained");
            await using var db = await dbFactory.CreateDbContextAsync();
            Report("headline figures", await TimeAsync(() => figures.HeadlineAsync(db, filter)));
            Report("whole report (every figure, 4 sections)", await TimeAsync(() => figures.ReportAsync(filter)));
            Report("drill-down: housing, yes, first page", await TimeAsync(() => figures.DrillDownAsync(filter, "housing", DrillDown.Yes, 0)));
        }

        // My FSP exported to Excel by a practitioner on exportRows plans (the busiest demo user carries a few hundred).
        string heavy;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            heavy = council.TypicalUserId;
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await db.Database.ExecuteSqlRawAsync($"""
                INSERT INTO "PlanMembers" ("PlanId", "UserId", "Role", "IsActive", "AddedUtc")
                SELECT "Id", '{heavy}', 1, TRUE, CURRENT_TIMESTAMP FROM "Plans"
                WHERE "Id" NOT IN (SELECT "PlanId" FROM "PlanMembers" WHERE "UserId" = '{heavy}') LIMIT {exportRows}
                """);
            Console.WriteLine($"\nExport: a practitioner on {await db.PlanMembers.CountAsync(m => m.UserId == heavy && m.IsActive):N0} plans");
        }
        var queries = app.Services.GetRequiredService<PlanQueries>();
        for (var run = 0; run < 3; run++)
        {
            GC.Collect();
            var process = Process.GetCurrentProcess();
            var workingBefore = process.WorkingSet64;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var body = new CountingStream();
            var http = new DefaultHttpContext { RequestServices = app.Services };
            http.Response.Body = body;
            var watch = Stopwatch.StartNew();
            await ListExport.WriteAsync(http, ListExport.Xlsx, "my-fsp",
                ExportTable.Of("My FSP", MyFspColumns.Headers, queries.ExportAsync(new PlanSearch(heavy, Sort: PlanSort.Reference, Descending: false)), MyFspColumns.Cells));
            watch.Stop();
            process.Refresh();
            Console.WriteLine($"  My FSP to Excel: {watch.Elapsed.TotalMilliseconds:F0} ms, {body.Length / 1024.0:F0} KB; allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0:F0} MB, "
                + $"managed heap after {GC.GetTotalMemory(false) / 1048576.0:F0} MB, working set {workingBefore / 1048576.0:F0} → {process.WorkingSet64 / 1048576.0:F0} MB (peak {process.PeakWorkingSet64 / 1048576.0:F0} MB)");
        }
    }

    private sealed class CountingStream : Stream
    {
        private long length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => length;
        public override long Position { get => length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => length += count;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) { length += buffer.Length; return ValueTask.CompletedTask; }
    }

    private static Task<List<double>> TimeAsync<T>(Func<Task<T>> work) => Measure.TimesAsync(work, warmUp: 5, runs: 60);

    private static void Report(string what, List<double> sorted) => Measure.Percentiles(what, sorted, width: 44);
}
