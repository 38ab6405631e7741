using System.Security.Claims;
using FspPortal.Web.Features.Plans;
using Microsoft.AspNetCore.Components;

namespace FspPortal.Web.Features.Audit;

/// <summary>
/// A page that shows a plan's content: it records one audit line per view (<see cref="PlanPageViews"/>), whether the
/// prerendered HTML or the interactive render shows it first. A later reload of the same page instance (a live update)
/// is not a new view; moving to another step or plan is.
/// </summary>
public abstract class AuditedPlanPage : ComponentBase
{
    [Inject] private PlanPageViews PageViews { get; set; } = default!;
    private string? recordedKey;

    /// <summary>What is being viewed, e.g. "edit:{plan}:3": one audit line for each distinct key this page shows.</summary>
    protected abstract string ViewKey { get; }

    protected override void OnInitialized()
    {
        PageViews.Restore(ViewKey);
        base.OnInitialized();
    }

    protected async Task RecordViewAsync(Guid planId, ClaimsPrincipal user, PlanReader reader, string what)
    {
        if (recordedKey == ViewKey) return;
        recordedKey = ViewKey;
        await PageViews.RecordAsync(ViewKey, RendererInfo.IsInteractive, planId, user, reader, what);
    }
}
