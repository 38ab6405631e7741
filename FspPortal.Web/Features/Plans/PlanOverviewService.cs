using System.Security.Claims;
using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Features.Reference;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Plans;

public sealed record PlanMemberView(string UserId, string FullName, string Email, PlanRole Role, bool IsActive);

public sealed record PlanHistoryLine(DateTime OccurredUtc, string? Who, string Action, string? Details);

/// <summary>What the Child FSP Overview shows. <see cref="ViewedAsAdmin"/>: an admin who is not on the plan (read-only).</summary>
public sealed record PlanOverview(Plan Plan, string? Reference, int Version, IReadOnlyList<PlanMemberView> Members,
    IReadOnlyList<PlanHistoryLine> History, bool ViewedAsAdmin, bool IsCoordinator);

/// <summary>
/// The Child FSP Overview: open a plan (every view audited; admins may look at any plan, audited as such),
/// close it for a reason and reopen it (the aggregate's rules, audited, pushed live).
/// </summary>
public sealed class PlanOverviewService(IDbContextFactory<FspDbContext> dbFactory, PlanStore store, ReferenceData reference, AuditLog audit, TimeProvider clock)
{
    /// <summary>The overview, or null ("not found") for anyone who is neither on the plan nor an admin.</summary>
    public async Task<PlanOverview?> OpenAsync(Guid planId, ClaimsPrincipal user, bool recordView = true)
    {
        var userId = user.UserId();
        await using var db = await dbFactory.CreateDbContextAsync();
        var record = await db.Plans.AsNoTracking().VisibleTo(db, userId).SingleOrDefaultAsync(p => p.Id == planId);
        var asAdmin = false;
        if (record is null && user.IsInRole(Roles.Admin))
        {
            record = await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId);
            asAdmin = record is not null;
        }
        if (recordView)
        {
            var action = record is null ? PlanAuditActions.ViewRefused : asAdmin ? PlanAuditActions.AdminViewed : PlanAuditActions.Viewed;
            await audit.WriteAsync(new AuditEvent(action, userId, user.Identity?.Name, "Plan", planId.ToString(),
                record is null ? AuditOutcome.Failure : AuditOutcome.Success));
        }
        if (record is null) return null;

        var members = await db.PlanMembers.AsNoTracking().Where(m => m.PlanId == planId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new PlanMemberView(u.Id, u.FullName, u.Email ?? "", m.Role, m.IsActive))
            .ToListAsync();
        var id = planId.ToString();
        var history = await db.AuditEntries.AsNoTracking()
            .Where(a => a.TargetType == "Plan" && a.TargetId == id && a.Action != PlanAuditActions.Viewed && a.Action != PlanAuditActions.ViewRefused)
            .OrderByDescending(a => a.OccurredUtc).ThenByDescending(a => a.Id).Take(200)
            .Select(a => new PlanHistoryLine(a.OccurredUtc, a.ActorEmail ?? a.ActorUserId, a.Action, a.Details)).ToListAsync();
        var plan = record.ToPlan();
        return new PlanOverview(plan, record.Reference, record.Version, members.OrderBy(m => m.Role).ThenBy(m => m.FullName).ToList(),
            history, asAdmin, plan.IsActiveCoordinator(userId));
    }

    public async Task<StepSaveResult> CloseAsync(Guid planId, ClaimsPrincipal user, string? reasonCode, string? otherReason, int? expectedVersion = null)
    {
        var reasons = (await reference.GetAsync()).Choices(ReferenceLists.ClosureReasons).Select(r => r.Code).ToList();
        var result = await store.ChangeAsync(planId, user.UserId(), PlanChangeKind.Status,
            (plan, _) => plan.Close(user.UserId(), reasonCode, otherReason, reasons, clock.GetUtcNow().UtcDateTime), expectedVersion);
        if (result.Succeeded)
        {
            await audit.WriteAsync(new AuditEvent(PlanAuditActions.Closed, user.UserId(), user.Identity?.Name, "Plan", planId.ToString(),
                Details: ClosureDetails(await reference.GetAsync(), reasonCode, otherReason)));
        }
        return result;
    }

    /// <summary>A closure's reason for the plan's history: the label, and the words given for "other".</summary>
    public static string ClosureDetails(ReferenceSnapshot reference, string? reasonCode, string? otherReason)
    {
        var label = reference.Label(ReferenceLists.ClosureReasons, reasonCode);
        return string.IsNullOrWhiteSpace(otherReason) || reasonCode != ReferenceLists.Other ? label : $"{label}: {otherReason.Trim()}";
    }

    public async Task<StepSaveResult> ReopenAsync(Guid planId, ClaimsPrincipal user, string? reason, int? expectedVersion = null)
    {
        var result = await store.ChangeAsync(planId, user.UserId(), PlanChangeKind.Status, (plan, _) => plan.Reopen(user.UserId(), reason), expectedVersion);
        if (result.Succeeded)
            await audit.WriteAsync(new AuditEvent(PlanAuditActions.Reopened, user.UserId(), user.Identity?.Name, "Plan", planId.ToString(), Details: reason?.Trim()));
        return result;
    }
}
