using System.Security.Claims;
using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Features.Reference;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Plans;

public sealed record PlanMemberView(string UserId, string FullName, string Email, PlanRole Role, bool IsActive);

/// <summary>One line of a plan's History: who (name and agency), what (a sentence), when; <see cref="Action"/> and <see cref="Details"/> as audited.</summary>
public sealed record PlanHistoryLine(DateTime OccurredUtc, string Who, string What, string Action, string? Details);

/// <summary>A plan as one user may read it: <see cref="Plan"/> is null ("not found") when <see cref="Reader"/> is None.</summary>
public sealed record PlanRead(PlanReader Reader, PlanDetails? Plan, string? Reference, int Version);

/// <summary>What the Child FSP Overview shows. <see cref="ViewedAsAdmin"/>: an admin who is not on the plan (read-only).</summary>
public sealed record PlanOverview(PlanDetails Plan, string? Reference, int Version, IReadOnlyList<PlanMemberView> Members,
    IReadOnlyList<PlanHistoryLine> History, bool ViewedAsAdmin, bool IsCoordinator)
{
    public PlanReader Reader => ViewedAsAdmin ? PlanReader.Admin : PlanReader.Member;
}

/// <summary>
/// The Child FSP Overview: open a plan (admins may look at any plan, read-only, audited as such), close it for a reason
/// and reopen it (the aggregate's rules through <see cref="PlanStore"/>, which audits and pushes them live).
/// </summary>
public sealed class PlanOverviewService(IDbContextFactory<FspDbContext> dbFactory, PlanStore store, ReferenceData reference, PlanViewAudit views, TimeProvider clock)
{
    /// <summary>
    /// The overview, or null ("not found") for anyone who is neither on the plan nor an admin. With
    /// <paramref name="recordView"/>, the view of the overview is audited here; pages record their own view once
    /// (<see cref="PlanPageViews"/>) and pass false.
    /// </summary>
    public async Task<PlanOverview?> OpenAsync(Guid planId, ClaimsPrincipal user, bool recordView = true)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var read = await ReadAsync(db, planId, user, clock.GetUtcNow().UtcDateTime);
        if (recordView) await views.RecordAsync(planId, user, read.Reader, PlanPages.Overview);
        if (read.Plan is not { } plan) return null;

        var members = await db.PlanMembers.AsNoTracking().Where(m => m.PlanId == planId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new PlanMemberView(u.Id, u.FullName, u.Email ?? "", m.Role, m.IsActive))
            .ToListAsync();
        var userId = user.UserId();
        return new PlanOverview(plan, read.Reference, read.Version, members.OrderBy(m => m.Role).ThenBy(m => m.FullName).ToList(),
            await HistoryAsync(db, planId), read.Reader == PlanReader.Admin,
            members.Any(m => m.UserId == userId && m.IsActive && m.Role == PlanRole.Coordinator));
    }

    /// <summary>
    /// Just the plan, for pages that show no members or History (printout, PDF, a review): how the user reads it
    /// (the one access rule) and, unless that is <see cref="PlanReader.None"/>, the plan. The caller audits the read.
    /// </summary>
    public async Task<PlanRead> ReadAsync(Guid planId, ClaimsPrincipal user)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await ReadAsync(db, planId, user, clock.GetUtcNow().UtcDateTime);
    }

    private static async Task<PlanRead> ReadAsync(FspDbContext db, Guid planId, ClaimsPrincipal user, DateTime nowUtc)
    {
        var reader = await PlanAccess.ReaderAsync(db, planId, user, nowUtc);
        // An admin who has not given a reason reads no content: for these pages that is "not found", like anyone else.
        if (!reader.ReadsContent()) return new PlanRead(PlanReader.None, null, null, 0);
        var record = await db.Plans.AsNoTracking().SingleAsync(p => p.Id == planId);
        return new PlanRead(reader, PlanDetails.Of(record.ToPlan()), record.Reference, record.Version);
    }

    /// <summary>
    /// The plan's History: every change and every admin's look, newest first, in words. Ordinary views by the plan's own
    /// users are in the audit log but not here (they would drown the changes).
    /// </summary>
    private static async Task<IReadOnlyList<PlanHistoryLine>> HistoryAsync(FspDbContext db, Guid planId)
    {
        var id = planId.ToString();
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(a => a.TargetType == "Plan" && a.TargetId == id && a.Action != PlanAuditActions.Viewed && a.Action != PlanAuditActions.ViewRefused
                        && a.Action != Documents.DocumentAuditActions.Downloaded && a.Action != Documents.DocumentAuditActions.DownloadRefused
                        && a.Action != Print.PrintAuditActions.PdfDownloaded)
            .OrderByDescending(a => a.OccurredUtc).ThenByDescending(a => a.Id).Take(200)
            .GroupJoin(db.Users, a => a.ActorUserId, u => u.Id, (a, users) => new { a, users })
            .SelectMany(x => x.users.DefaultIfEmpty(), (x, u) => new { x.a, Name = u == null ? null : u.FullName, Agency = u == null ? null : u.Agency })
            .ToListAsync();
        return rows.Select(r => new PlanHistoryLine(r.a.OccurredUtc, AuditWording.Who(r.a, r.Name, r.Agency), AuditWording.What(r.a), r.a.Action, r.a.Details)).ToList();
    }

    /// <param name="outcomes">Per need of the plan: significant and sustained progress, with evidence.</param>
    public async Task<StepSaveResult> CloseAsync(Guid planId, ClaimsPrincipal user, string? reasonCode, string? otherReason, int? expectedVersion = null,
        IReadOnlyList<NeedOutcome>? outcomes = null)
    {
        var reasons = (await reference.GetAsync()).Choices(ReferenceLists.ClosureReasons).Select(r => r.Code).ToList();
        return await store.ChangeAsync(planId, user.UserId(),
            (plan, _) => plan.Close(user.UserId(), reasonCode, otherReason, reasons, clock.GetUtcNow().UtcDateTime, outcomes), expectedVersion);
    }

    /// <summary>The 6-month check after closure: per need whose progress was claimed, whether it was sustained.</summary>
    public async Task<StepSaveResult> RecordSustainedCheckAsync(Guid planId, ClaimsPrincipal user, IReadOnlyList<NeedSustained> answers, string? note, int? expectedVersion = null) =>
        await store.ChangeAsync(planId, user.UserId(),
            (plan, _) => plan.RecordSustainedCheck(user.UserId(), answers, note, clock.GetUtcNow().UtcDateTime, UkTime.London), expectedVersion);

    public async Task<StepSaveResult> ReopenAsync(Guid planId, ClaimsPrincipal user, string? reason, int? expectedVersion = null)
    {
        return await store.ChangeAsync(planId, user.UserId(), (plan, _) => plan.Reopen(user.UserId(), reason), expectedVersion);
    }
}
