using BenchmarkDotNet.Attributes;
using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Print;
using FspPortal.Web.Features.Reference;

namespace FspPortal.Benchmarks;

/// <summary>
/// "Our Family Support Plan" as PDF for a large plan (20 family members, 30 plan lines, 5 reviews): building the printout
/// and drawing it with PDFsharp (fonts embedded). Target: median under 150 ms. The size is printed at setup.
/// </summary>
[MemoryDiagnoser, MedianColumn]
public class PdfBenchmarks
{
    private const string Coordinator = "coordinator";
    private Plan plan = default!;
    private ReferenceSnapshot reference = default!;

    [GlobalSetup]
    public void Setup()
    {
        PdfRenderer.UseFonts(null);
        var items = ReferenceLists.Defaults.SelectMany(list => list.Value.Select((e, i) => new ReferenceItem { ListName = list.Key, Code = e.Code, Label = e.Label, SortOrder = i })).ToList();
        reference = new ReferenceSnapshot(items);
        plan = BuildPlan(reference);
        var bytes = Render();
        Console.WriteLine($"// PDF: {bytes.Length / 1024.0:0.0} KB, {plan.FamilyMembers.Count} family members, {plan.PlanLines.Count} plan lines, {plan.Reviews.Count} reviews");
    }

    [Benchmark]
    public byte[] Render() => PdfRenderer.Render(Printout.For(FspPortal.Web.Features.Plans.PlanDetails.Of(plan), "FSP-000123", reference, DateTime.UtcNow));

    private static Plan BuildPlan(ReferenceSnapshot reference)
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var completed = new DateTime(2026, 1, 10, 10, 0, 0, DateTimeKind.Utc);
        var day = DateOnly.FromDateTime(completed);
        var plan = Plan.StartDraft(Guid.NewGuid(), Coordinator, completed.AddDays(-3));
        plan.RecordConsent(new ConsentRecord(true, [new(DoNotShareKind.Person, "Grandad")], "Zoë Łukasiewicz", day.AddDays(-3)),
            new PractitionerDetails("Sam Hughes", "school", "Pastoral lead", "sam@school.example.org", "+442392688000", "family-request", null), day);
        plan.DescribeChildAndParents(new FocusChild("Zoë", "Łukasiewicz-Núñez", new DateOnly(2016, 5, 4), "female", "Oak Primary", new Address("1 High St", null, "Portsmouth", "PO1 2AB")),
            new ParentCarer("Jane Łukasiewicz", "mother", new Address("1 High St", null, "Portsmouth", "PO1 2AB")), new ParentCarer("Björn Núñez", "father", null), day);
        plan.SetFamilyMembers(Enumerable.Range(1, 20).Select(i => new FamilyMember(Guid.NewGuid(), $"Family member {i} Ångström", i % 4 == 0 ? "sibling" : "friend",
            i % 4 == 0 ? day.AddYears(-6) : null, i % 8 == 0)), day);
        plan.TellFamilyStory(new FamilyStory(new string('k', 1200), new string('p', 1200)));
        var aspects = reference.ActiveAspectCodes;
        plan.ScoreAspects(aspects.Select(code => new AspectScore(code, 4, false)));
        plan.WriteSummaryAndPlan(string.Join(" ", Enumerable.Repeat("The family have engaged well with support.", 30)),
            Enumerable.Range(1, 30).Select(i => new PlanLine(Guid.NewGuid(), aspects[i % aspects.Count], $"Goal {i}: " + string.Join(" ", Enumerable.Repeat("what needs to change", 12)),
                string.Join(" ", Enumerable.Repeat("what will be done", 10)), "Jane and Sam", day.AddDays(30 + i), 4)));
        plan.SetFinishDetails("Łukasiewicz-Núñez", new NextReview(day.AddDays(42), new TimeOnly(10, 0), "Oak Primary"));
        plan.Finish(aspects, completed, day.AddDays(-1));

        for (var r = 1; r <= 5; r++)
        {
            var meeting = day.AddDays(30 * r);
            var now = completed.AddDays(30 * r);
            plan.AddReview(Coordinator, new ReviewInput(meeting, [new ReviewAttendee("Sam Hughes", "FSP Coordinator", false), new ReviewAttendee("Jane Łukasiewicz", "Mother", false)],
                [.. plan.AspectScores.Select(s => s with { Score = Math.Min(10, (s.Score ?? 4) + 1) })],
                [.. plan.OpenLines.Select(l => new ReviewedLine(l with { ScoreNow = Math.Min(10, (l.ScoreNow ?? 4) + 1) }, LineProgress.Partly, false))], [],
                string.Join(" ", Enumerable.Repeat("Progress is steady.", 40)), ReviewNextStep.ContinuePlan,
                new NextReview(meeting.AddDays(30), new TimeOnly(10, 0), "Oak Primary"), null, null), aspects, ["needs-met"], now, london);
        }
        return plan;
    }
}
