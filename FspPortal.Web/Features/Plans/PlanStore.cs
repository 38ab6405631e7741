using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;
using FspPortal.Web.Data;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Plans;

/// <summary>
/// The one way a plan changes: load it through <see cref="PlanAccess"/>, call the aggregate, store it with its version
/// raised, and — only after the commit — tell the open pages of everyone on the plan.
/// </summary>
public sealed class PlanStore(IDbContextFactory<FspDbContext> dbFactory, IPlanNotifier notifier, TimeProvider clock)
{
    public const string NotFound = "This plan was not found.";
    public const string ChangedByOthers = "Someone else saved this plan after you opened this page, so your change was not saved over theirs. What you typed is kept. Reload to see their changes, then make yours again.";

    /// <param name="reach">
    /// Which plans the actor may change; by default <see cref="PlanAccess.VisibleTo"/>. The only other reach is a transfer
    /// recipient's, who decides on a plan they are not yet on.
    /// </param>
    public async Task<StepSaveResult> ChangeAsync(Guid planId, string userId, PlanChangeKind kind, Action<Plan, PlanRecord> change,
        int? expectedVersion = null, Func<IQueryable<PlanRecord>, FspDbContext, IQueryable<PlanRecord>>? reach = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var plans = db.Plans.Include(p => p.Members);
        var record = await (reach is null ? plans.VisibleTo(db, userId) : reach(plans, db)).SingleOrDefaultAsync(p => p.Id == planId);
        if (record is null) return StepSaveResult.Refused(NotFound);
        if (expectedVersion is { } expected && record.Version != expected) return StepSaveResult.Refused(ChangedByOthers, conflict: true);
        var plan = record.ToPlan();
        var activeBefore = record.Members.Where(m => m.IsActive).Select(m => m.UserId).ToList();
        try
        {
            change(plan, record);
        }
        catch (DomainException e)
        {
            return StepSaveResult.Refused(e.Message);
        }
        record.Store(plan, clock.GetUtcNow().UtcDateTime);
        record.Version++;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            return StepSaveResult.Refused(ChangedByOthers, conflict: true);
        }
        // Everyone who could see the plan before or after this change hears of it (a detached member's page must drop it).
        var audience = activeBefore.Union(record.Members.Where(m => m.IsActive).Select(m => m.UserId)).Append(userId).Distinct().ToList();
        await notifier.NotifyAsync(new PlanChange(planId, kind), audience);
        return StepSaveResult.Ok;
    }
}
