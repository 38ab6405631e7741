using FspPortal.Domain.Plans;

namespace FspPortal.Web.Features.Plans;

/// <summary>
/// A plan as pages read it: every section as the domain's immutable records, and the derived facts pages show (latest
/// review, focus children, open lines, score timeline). Built by a service from the aggregate; pages never hold the
/// aggregate itself, so nothing on a page can call a method that changes a plan (ARCHITECTURE rule 13).
/// </summary>
public sealed record PlanDetails(
    Guid Id, PlanStatus Status, DateTime? CompletedUtc,
    ConsentRecord Consent, PractitionerDetails Practitioner, FocusChild Child, ParentCarer? MainParent, ParentCarer? SecondParent,
    IReadOnlyList<FamilyMember> FamilyMembers, ContactDetails Contacts, IReadOnlyList<OtherService> OtherServices, FamilyStory FamilyStory,
    IReadOnlyList<ChildStory> ChildStories, IReadOnlyList<AspectScore> AspectScores, string? PractitionerSummary,
    IReadOnlyList<PlanLine> PlanLines, string? FamilyName, NextReview NextReview, Closure? Closure,
    IReadOnlyList<Review> Reviews, IReadOnlyList<AspectScore> BaselineScores, TransferRequest? PendingTransfer,
    IReadOnlyList<(string Key, string Name)> FocusChildren, IReadOnlyList<ScorePoint> ScoreTimeline,
    IReadOnlyList<SharingOverride> SharingOverrides, ConsentWithdrawal? ConsentWithdrawn, LegalHold? LegalHold, Anonymisation? Anonymised,
    IReadOnlyList<string> Needs, bool NeedsChosen, IReadOnlyList<string> SuggestedNeeds, DateOnly? SustainedCheckDueOn, IReadOnlyList<string> NeedsToCheck)
{
    /// <summary>The family's "do not share with" list in words ("No one named" when empty), as the summary and printout show it.</summary>
    public string DoNotShareWords => Consent.DoNotShareWith.Count == 0 ? "No one named" : string.Join("; ", Consent.DoNotShareWith.Select(e => e.Describe()));

    public Review? LatestReview => Reviews.Count == 0 ? null : Reviews[^1];
    public IReadOnlyList<PlanLine> OpenLines => PlanLines.Where(l => !l.IsClosed).ToList();

    public static PlanDetails Of(Plan plan) => new(
        plan.Id, plan.Status, plan.CompletedUtc, plan.Consent, plan.Practitioner, plan.Child, plan.MainParent, plan.SecondParent,
        [.. plan.FamilyMembers], plan.Contacts, [.. plan.OtherServices], plan.FamilyStory, [.. plan.ChildStories], [.. plan.AspectScores],
        plan.PractitionerSummary, [.. plan.PlanLines], plan.FamilyName, plan.NextReview, plan.Closure, [.. plan.Reviews], [.. plan.BaselineScores],
        plan.PendingTransfer, plan.FocusChildren, plan.ScoreTimeline(Components.Shared.UkTime.London), [.. plan.SharingOverrides], plan.ConsentWithdrawn, plan.LegalHold, plan.Anonymised,
        [.. plan.Needs], plan.NeedsChosen, plan.SuggestedNeeds(), plan.SustainedCheckDueOn(Components.Shared.UkTime.London), plan.NeedsToCheck);
}
