using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;

namespace FspPortal.Tests.Domain.Plans;

/// <summary>Plans for tests: a draft with every mandatory section filled, to be spoiled one part at a time.</summary>
public sealed class PlanBuilder
{
    public static readonly DateOnly Today = new(2026, 11, 2);
    public static readonly DateTime NowUtc = new(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc);
    public static readonly IReadOnlyCollection<string> Aspects = ReferenceLists.Defaults[ReferenceLists.Aspects].Select(a => a.Code).ToList();

    private readonly Plan plan;

    private PlanBuilder(string creator = "practitioner-1") => plan = Plan.StartDraft(Guid.NewGuid(), creator, NowUtc);

    public static Plan Draft(string creator = "practitioner-1") => new PlanBuilder(creator).plan;

    public static PlanBuilder ReadyToFinish(string creator = "practitioner-1", string firstName = "Owen", string lastName = "Smith",
        string postcode = "PO1 2AB", DateOnly? dateOfBirth = null, string familyName = "Smith")
    {
        var builder = new PlanBuilder(creator);
        var p = builder.plan;
        p.RecordConsent(new ConsentRecord(true, [], "Jane Smith", Today.AddDays(-1)),
            new PractitionerDetails("Sam Hughes", "school", "Pastoral lead", "sam@school.example.org", "+442392688000x123", "family-request", null), Today);
        p.DescribeChildAndParents(new FocusChild(firstName, lastName, dateOfBirth ?? new DateOnly(2016, 5, 4), "male", "Oak Primary", new Address("1 High St", null, "Portsmouth", postcode)),
            new ParentCarer("Jane Smith", "mother", new Address("1 High St", null, "Portsmouth", "PO1 2AB")), null, Today);
        p.ScoreAspects(Aspects.Select((code, i) => i % 3 == 0 ? new AspectScore(code, null, true) : new AspectScore(code, 5, false)));
        p.WriteSummaryAndPlan("Things are improving.", [Line()]);
        p.SetFinishDetails(familyName, new NextReview(Today.AddDays(42), new TimeOnly(10, 0), "Oak Primary"));
        return builder;
    }

    public static PlanLine Line(string focus = "education") =>
        new(Guid.NewGuid(), focus, "Owen gets to school on time", "Morning routine chart", "Jane", Today.AddDays(30), 4);

    public static FamilyMember Child(string name, int ageYears, bool partOfFsp = true) =>
        new(Guid.NewGuid(), name, "sibling", Today.AddYears(-ageYears).AddDays(-10), partOfFsp);

    public PlanBuilder With(Action<Plan> change) { change(plan); return this; }
    public Plan Build() => plan;
}
