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

    /// <summary>
    /// How <paramref name="user"/> may read the plan: as someone on it, as an admin who is not on it (read-only, audited as
    /// such), or not at all ("not found"). The one rule for the overview, printout, PDF, reviews and documents.
    /// </summary>
    public static async Task<PlanReader> ReaderAsync(FspDbContext db, Guid planId, ClaimsPrincipal user)
    {
        var userId = user.UserId();
        if (await db.PlanMembers.AnyAsync(m => m.PlanId == planId && m.UserId == userId && m.IsActive)) return PlanReader.Member;
        if (user.IsInRole(Roles.Admin) && await db.Plans.AnyAsync(p => p.Id == planId)) return PlanReader.Admin;
        return PlanReader.None;
    }
}

/// <summary>How someone reads a plan (see <see cref="PlanAccess.ReaderAsync"/>).</summary>
public enum PlanReader { None, Member, Admin }
