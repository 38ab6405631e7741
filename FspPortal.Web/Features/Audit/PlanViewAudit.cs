using System.Security.Claims;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Plans;
using Microsoft.AspNetCore.Components;

namespace FspPortal.Web.Features.Audit;

/// <summary>The read paths of a plan, as History and the Audit page name them.</summary>
public static class PlanPages
{
    public const string Overview = "the overview";
    public const string CheckAnswers = "Check answers";
    public const string Printout = "the printable plan";
    public const string AddReview = "Add review";
    public static string Step(int number, string title) => $"step {number} of the stepper ({title})";
    public static string Review(int number) => $"review {number}";
}

/// <summary>A kind of read: the audit action for a member, for an admin not on the plan, and for a refusal, and its verb.</summary>
/// <see cref="RefusedWhy"/>: what a refusal says after the thing refused (a document may also be refused because it is gone).
public sealed record PlanReadKind(string MemberAction, string AdminAction, string RefusedAction, string Verb, string RefusedWhy)
{
    public static readonly PlanReadKind View = new(PlanAuditActions.Viewed, PlanAuditActions.AdminViewed, PlanAuditActions.ViewRefused, "Viewed", " (not on the plan)");
    public static readonly PlanReadKind Pdf = new(Print.PrintAuditActions.PdfDownloaded, Print.PrintAuditActions.PdfDownloaded, PlanAuditActions.ViewRefused,
        "Downloaded", " (not on the plan)");
    public static readonly PlanReadKind Document = new(Documents.DocumentAuditActions.Downloaded, Documents.DocumentAuditActions.AdminDownloaded,
        Documents.DocumentAuditActions.DownloadRefused, "Downloaded", "");
}

/// <summary>
/// Writes the audit line of one read of a plan (a page, the PDF, a document): who, what, and whether they were on it, an
/// admin not on it, or refused — the one wording for every read path.
/// </summary>
public sealed class PlanViewAudit(AuditLog audit)
{
    public Task<long> RecordAsync(Guid planId, ClaimsPrincipal user, PlanReader reader, string what, PlanReadKind? kind = null, string? details = null)
    {
        kind ??= PlanReadKind.View;
        return audit.WriteAsync(new AuditEvent(
            reader switch { PlanReader.None => kind.RefusedAction, PlanReader.Admin or PlanReader.AdminNeedsReason => kind.AdminAction, _ => kind.MemberAction },
            user.UserId(), user.Identity?.Name, "Plan", planId.ToString(),
            reader == PlanReader.None ? AuditOutcome.Failure : AuditOutcome.Success,
            Details: details ?? (reader == PlanReader.AdminNeedsReason ? $"the outline of {what}" : what),
            Summary: reader switch
            {
                PlanReader.None => $"Was refused {what}{kind.RefusedWhy}",
                PlanReader.Admin => $"{kind.Verb} {what} as an administrator (not on the plan)",
                PlanReader.AdminNeedsReason => $"{kind.Verb} the outline of {what} as an administrator (reference, status and coordinators; no content)",
                _ => $"{kind.Verb} {what}",
            }));
    }
}

/// <summary>
/// One audit line per view of a plan page (<see cref="PageViewOnce"/> keeps it to one across the prerender and the
/// interactive render). Scoped: one per request, and one per circuit.
/// </summary>
public sealed class PlanPageViews(PlanViewAudit audit, PageViewOnce once)
{
    /// <summary>Call first in <c>OnInitialized</c> (the persisted state is only there during the first render).</summary>
    public void Restore(string pageKey) => once.Restore(pageKey);

    /// <summary>Records the view of <paramref name="pageKey"/> unless its prerender already did.</summary>
    public Task RecordAsync(string pageKey, bool interactive, Guid planId, ClaimsPrincipal user, PlanReader reader, string what) =>
        once.RecordAsync(pageKey, interactive, () => audit.RecordAsync(planId, user, reader, what));
}

/// <summary>
/// One audit line per page view, never zero and never two. A page is rendered twice when it is first loaded: on the
/// server into the HTML (which already holds what it shows, and is all a browser without scripts or a scripted GET
/// gets), and again once interactive. The prerender records the view and leaves a mark in the page's persisted state; the
/// interactive render finds the mark and does not record it again. A page reached by in-app navigation has no prerender,
/// so the interactive render records it. Used by the plan pages and the manager's figures. Scoped: one per request, and
/// one per circuit.
/// </summary>
public sealed class PageViewOnce(PersistentComponentState state)
{
    private readonly HashSet<string> recordedByPrerender = [];

    /// <summary>Call first in <c>OnInitialized</c> (the persisted state is only there during the first render).</summary>
    public void Restore(string pageKey)
    {
        if (state.TryTakeFromJson<bool>(Slot(pageKey), out var recorded) && recorded) recordedByPrerender.Add(pageKey);
    }

    /// <summary>Runs <paramref name="record"/> for the view of <paramref name="pageKey"/> unless its prerender already did.</summary>
    public async Task RecordAsync(string pageKey, bool interactive, Func<Task> record)
    {
        if (interactive && recordedByPrerender.Remove(pageKey)) return;
        await record();
        if (!interactive)
            state.RegisterOnPersisting(() => { state.PersistAsJson(Slot(pageKey), true); return Task.CompletedTask; });
    }

    private static string Slot(string pageKey) => "view-recorded:" + pageKey;
}
