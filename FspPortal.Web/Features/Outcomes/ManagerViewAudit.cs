using System.Security.Claims;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Components;

namespace FspPortal.Web.Features.Outcomes;

/// <summary>
/// One audit line per view of the manager's figures or a drill-down, with what was asked for. A page is rendered twice
/// (prerendered, then interactive): the prerender records the view and leaves a mark in the page's persisted state, and
/// the interactive render, finding the mark, does not record it again. Scoped: one per request, and one per circuit.
/// </summary>
public sealed class ManagerViewAudit(AuditLog audit, PersistentComponentState state)
{
    private readonly HashSet<string> recordedByPrerender = [];
    private readonly Dictionary<string, string> lastRecorded = [];

    /// <summary>Call first in <c>OnInitialized</c> (the persisted state is only there during the first render).</summary>
    public void Restore(string pageKey)
    {
        if (state.TryTakeFromJson<bool>(Slot(pageKey), out var recorded) && recorded) recordedByPrerender.Add(pageKey);
    }

    /// <summary>Records the view of <paramref name="details"/> on <paramref name="pageKey"/>, unless just recorded or recorded by the prerender.</summary>
    public async Task RecordAsync(string pageKey, bool interactive, ClaimsPrincipal user, string details, string summary)
    {
        if (lastRecorded.GetValueOrDefault(pageKey) == details) return; // the same view rendered again
        lastRecorded[pageKey] = details;
        if (interactive && recordedByPrerender.Remove(pageKey)) return;
        await audit.WriteAsync(new AuditEvent(OutcomeActions.ManagerViewed, user.UserId(), user.Identity?.Name, Details: details, Summary: summary));
        if (!interactive) state.RegisterOnPersisting(() => { state.PersistAsJson(Slot(pageKey), true); return Task.CompletedTask; });
    }

    private static string Slot(string pageKey) => "manager-view-recorded:" + pageKey;
}
