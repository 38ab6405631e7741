using System.Security.Claims;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Plans;

/// <summary>
/// The one place that decides who sees a plan: its active attached users. Every query, page and endpoint that
/// touches a plan starts here; a plan outside this set is "not found", never "forbidden".
/// </summary>
public static class PlanAccess
{
    /// <remarks>
    /// Written as "Id IN (the user's plan ids)" rather than a correlated EXISTS: SQLite then starts from the
    /// PlanMembers (UserId, IsActive, PlanId) index and looks plans up by key, instead of testing every plan.
    /// </remarks>
    public static IQueryable<PlanRecord> VisibleTo(this IQueryable<PlanRecord> plans, FspDbContext db, string userId) =>
        plans.Where(p => db.PlanMembers.Where(m => m.UserId == userId && m.IsActive).Select(m => m.PlanId).Contains(p.Id));

    /// <summary>How long an admin's stated reason opens a plan they are not on before they are asked again.</summary>
    public static readonly TimeSpan BreakGlassLasts = TimeSpan.FromHours(1);

    /// <summary>
    /// How <paramref name="user"/> may read the plan: as someone on it; as an admin who is not on it, either with a reason
    /// given in the last hour (<see cref="PlanReader.Admin"/>: read-only, audited as such) or not yet
    /// (<see cref="PlanReader.AdminNeedsReason"/>: the plan's outline only); or not at all ("not found"). The one rule for
    /// the overview, printout, PDF, reviews and documents. The reason is the break-glass line in the audit log itself.
    /// </summary>
    public static async Task<PlanReader> ReaderAsync(FspDbContext db, Guid planId, ClaimsPrincipal user, DateTime nowUtc)
    {
        var userId = user.UserId();
        if (await db.PlanMembers.AnyAsync(m => m.PlanId == planId && m.UserId == userId && m.IsActive)) return PlanReader.Member;
        if (!user.IsInRole(Roles.Admin) || !await db.Plans.AnyAsync(p => p.Id == planId)) return PlanReader.None;
        var since = nowUtc - BreakGlassLasts;
        var target = planId.ToString();
        var reasonGiven = await db.AuditEntries.AnyAsync(a => a.ActorUserId == userId && a.OccurredUtc >= since
            && a.Action == PlanAuditActions.BreakGlass && a.TargetType == "Plan" && a.TargetId == target && a.Outcome == AuditOutcome.Success);
        return reasonGiven ? PlanReader.Admin : PlanReader.AdminNeedsReason;
    }

    /// <summary>True for the readers who may see a plan's content.</summary>
    public static bool ReadsContent(this PlanReader reader) => reader is PlanReader.Member or PlanReader.Admin;
}

/// <summary>How someone reads a plan (see <see cref="PlanAccess.ReaderAsync"/>).</summary>
public enum PlanReader { None, Member, Admin, AdminNeedsReason }
