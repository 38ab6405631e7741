using FspPortal.Domain.Plans;

namespace FspPortal.Tests.Domain.Plans;

/// <summary>Answers about a plan's needs, for tests that review or close plans.</summary>
internal static class Outcomes
{
    /// <summary>An answer for every need at closure: <paramref name="progress"/>, with evidence when progress is claimed.</summary>
    public static IReadOnlyList<NeedOutcome> Claimed(Plan plan, ProgressAtClosure progress = ProgressAtClosure.Yes) =>
        [.. plan.Needs.Select(code => new NeedOutcome(code, progress, progress == ProgressAtClosure.No ? null : "Attendance 96% this term"))];

    /// <summary>What a plan made by <see cref="PlanBuilder.ReadyToFinish"/> has as its one need (step 8's focus area): progress claimed.</summary>
    public static readonly IReadOnlyList<NeedOutcome> EducationYes = [new NeedOutcome("education", ProgressAtClosure.Yes, "Attendance 96% this term")];

    /// <summary>Progress on every need at a review.</summary>
    public static IReadOnlyList<NeedReviewed> Reviewed(Plan plan, NeedProgress progress = NeedProgress.Improving) =>
        [.. plan.Needs.Select(code => new NeedReviewed(code, progress))];
}
