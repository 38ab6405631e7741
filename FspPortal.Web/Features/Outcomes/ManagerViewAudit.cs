using System.Security.Claims;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Features.Audit;

namespace FspPortal.Web.Features.Outcomes;

/// <summary>
/// One audit line per view of the manager's figures or a drill-down, with what was asked for (<see cref="PageViewOnce"/>
/// keeps it to one across the prerender and the interactive render). Scoped: one per request, and one per circuit.
/// </summary>
public sealed class ManagerViewAudit(AuditLog audit, PageViewOnce once)
{
    private readonly Dictionary<string, string> lastRecorded = [];

    /// <summary>Call first in <c>OnInitialized</c> (the persisted state is only there during the first render).</summary>
    public void Restore(string pageKey) => once.Restore(pageKey);

    /// <summary>Records the view of <paramref name="details"/> on <paramref name="pageKey"/>, unless just recorded or recorded by the prerender.</summary>
    public async Task RecordAsync(string pageKey, bool interactive, ClaimsPrincipal user, string details, string summary)
    {
        if (lastRecorded.GetValueOrDefault(pageKey) == details) return; // the same view rendered again
        lastRecorded[pageKey] = details;
        await once.RecordAsync(pageKey, interactive, () =>
            audit.WriteAsync(new AuditEvent(OutcomeActions.ManagerViewed, user.UserId(), user.Identity?.Name, Details: details, Summary: summary)));
    }
}
