using System.Diagnostics;
using System.Security.Claims;
using System.Text;
using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Data;
using FspPortal.Web.Extensions;
using FspPortal.Web.Features.Demo;
using FspPortal.Web.Features.Documents;
using FspPortal.Web.Features.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FspPortal.Benchmarks;

/// <summary>
/// `subjectaccess [plans] [documents] [documentKB]`: a person on (default) 3 plans with (default) 20 documents of 500 KB
/// between them, each plan with a year of history; the time to build the subject access ZIP (PDFs, data.json, the
/// documents, the access lists), five times. Target: under 5 s.
/// </summary>
public static class SubjectAccessBenchmark
{
    public static Task RunAsync(int plans, int documentCount, int documentKb) =>
        BenchmarkDatabase.ForEachAsync("fsp-sar", (database, _) => RunOnAsync(database, plans, documentCount, documentKb));

    private static async Task RunOnAsync(BenchmarkDatabase database, int plans, int documentCount, int documentKb)
    {
        var builder = WebApplication.CreateBuilder([.. database.Settings, "--Logging:LogLevel:Default=Warning", "--Jobs:Enabled=false"]);
        builder.AddFspPortal();
        await using var app = builder.Build();
        await app.InitialiseDatabaseAsync();
        var council = await app.Services.GetRequiredService<DemoCouncil>().GenerateAsync(0, 20);
        var coordinator = council.TypicalUserId;
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<FspDbContext>>();
        var aspects = ReferenceLists.Defaults[ReferenceLists.Aspects].Select(a => a.Code).ToList();
        var ids = new List<Guid>();
        var now = DateTime.UtcNow;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            for (var i = 0; i < plans; i++)
            {
                var day = DateOnly.FromDateTime(now).AddDays(-1);
                var plan = Plan.StartDraft(Guid.NewGuid(), coordinator, now.AddDays(-400));
                plan.RecordConsent(new ConsentRecord(true, [], "Jane Smith", day), new PractitionerDetails("Sam Hughes", "school", "Lead", "sam@school.example.org", "+442392688000", "family-request", null), day);
                plan.DescribeChildAndParents(new FocusChild("Owen", "Smith", new DateOnly(2016, 5, 4), "male", "Oak Primary", new Address("1 High St", null, "Portsmouth", "PO1 2AB")),
                    new ParentCarer("Jane Smith", "mother", new Address("1 High St", null, "Portsmouth", "PO1 2AB")), null, day);
                plan.TellFamilyStory(new FamilyStory(new string('k', 3000), new string('p', 3000)));
                plan.ScoreAspects(aspects.Select(code => new AspectScore(code, 5, false)));
                plan.WriteSummaryAndPlan(new string('s', 2000), Enumerable.Range(1, 12).Select(n => new PlanLine(Guid.NewGuid(), "education", $"Goal {n} " + new string('g', 200), "Action", "Jane", day.AddDays(30), 4)).ToList());
                plan.SetFinishDetails("Smith", new NextReview(day.AddDays(42), null, "School"));
                plan.Finish(aspects, now.AddDays(-380), day);
                var record = new PlanRecord { LastStep = 9 };
                record.SetReference(900 + i);
                record.Store(plan, now);
                db.Plans.Add(record);
                ids.Add(plan.Id);
                for (var n = 0; n < 300; n++) // a year of views and edits
                    db.AuditEntries.Add(new AuditEntry { OccurredUtc = now.AddHours(-n * 29), ActorUserId = coordinator, Action = "Plan.Viewed", TargetType = "Plan", TargetId = plan.Id.ToString(), Details = "the overview", Summary = "Viewed the overview" });
            }
            await db.SaveChangesAsync();
        }
        var member = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, coordinator)], "benchmark"));
        var documents = app.Services.GetRequiredService<DocumentService>();
        var random = new Random(20261130);
        for (var d = 0; d < documentCount; d++)
        {
            // Text that compresses about as badly as the scans and PDFs councils upload (random letters in lines).
            var text = new StringBuilder();
            while (text.Length < documentKb * 1024) text.Append(Convert.ToBase64String(random.GetItems<byte>([.. Enumerable.Range(0, 256).Select(b => (byte)b)], 57))).Append('\n');
            var bytes = Encoding.ASCII.GetBytes(text.ToString(0, documentKb * 1024));
            var uploaded = await documents.UploadAsync(ids[d % ids.Count], member, $"minutes {d + 1}.txt", bytes.Length, new MemoryStream(bytes));
            if (!uploaded.Succeeded) throw new InvalidOperationException(uploaded.Problem);
        }
        Console.WriteLine($"{plans} plans, {documentCount} documents of {documentKb} KB, 300 audit lines a plan");

        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, council.BusiestUserId), new Claim(ClaimTypes.Role, Roles.Admin)], "benchmark"));
        var service = app.Services.GetRequiredService<SubjectAccessService>();
        var times = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            var found = await service.FindAsync(admin, "Owen Smith", new DateOnly(2016, 5, 4), "benchmark");
            var export = await service.ExportAsync(admin, "Owen Smith", new DateOnly(2016, 5, 4), "benchmark", found!.Select(m => m.PlanId).Distinct().ToList());
            watch.Stop();
            times.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine($"Search and export {run + 1}: {watch.Elapsed.TotalSeconds:F2} s — {export!.Plans} plans, {export.Documents} documents, {export.SizeBytes / 1048576.0:F1} MB ZIP");
            (await service.TakeAsync(export.Token, admin))!.Dispose(); // the one download (deletes the file)
        }
        Console.WriteLine($"Median {times.Order().ElementAt(times.Count / 2):F2} s; working set {Process.GetCurrentProcess().WorkingSet64 / 1048576.0:F0} MB");
    }
}
