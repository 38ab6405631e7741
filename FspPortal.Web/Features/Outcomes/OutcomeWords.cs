using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Features.Reference;

namespace FspPortal.Web.Features.Outcomes;

/// <summary>The audit actions of outcomes, the manager's view and exports.</summary>
public static class OutcomeActions
{
    public const string SustainedCheckRecorded = "Plan.SustainedCheckRecorded";
    public const string ListExported = "List.Exported";
    public const string ManagerViewed = "Outcomes.Viewed";
}

/// <summary>How outcomes read, in one place (the overview, the review, the closure, the audit and the manager's tables).</summary>
public static class OutcomeWords
{
    public static string Progress(NeedProgress progress) => progress switch
    {
        NeedProgress.Improving => "Improving",
        NeedProgress.NoChange => "No change",
        _ => "Worse",
    };

    public static string AtClosure(ProgressAtClosure progress) => progress switch
    {
        ProgressAtClosure.Yes => "Yes",
        ProgressAtClosure.Partly => "Partly",
        _ => "No",
    };

    public static string Sustained(bool sustained) => sustained ? "Sustained" : "Not sustained";

    /// <summary>" — progress: Secure housing yes, Getting a good education partly", or "" when no needs were recorded.</summary>
    public static string ProgressSummary(IReadOnlyList<NeedOutcome>? outcomes, ReferenceSnapshot lists) =>
        outcomes is not { Count: > 0 } ? ""
        : " \u2014 significant and sustained progress: " + string.Join(", ", outcomes.Select(o => $"{lists.Label(ReferenceLists.Aspects, o.OutcomeCode)} {AtClosure(o.Progress).ToLowerInvariant()}"));
}
