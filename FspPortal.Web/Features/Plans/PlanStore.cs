using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Plans;

/// <summary>
/// The one way a plan changes: load it through <see cref="PlanAccess"/>, call the aggregate, and save in <b>one</b>
/// transaction the plan (version raised when its content changed), the audit lines of the events it recorded, and the
/// emails and live notification those events cause (<see cref="PlanEventLog"/>). After the commit the outbox dispatcher
/// is woken; the actor's click never waits for other people's pages or for the email service.
/// </summary>
public sealed class PlanStore(IDbContextFactory<FspDbContext> dbFactory, PlanEventLog eventLog, OutboxSignal outbox, TimeProvider clock,
    ILogger<PlanStore> logger)
{
    public const string NotFound = "This plan was not found.";
    public const string ChangedByOthers = "Someone else saved this plan after you opened this page, so your change was not saved over theirs. What you typed is kept. Reload to see their changes, then make yours again.";
    public const string Anonymised = "This plan was anonymised under the retention rule: only its statistics remain, and it can no longer change.";
    public const string NotSaved = "Your change could not be saved just now, so nothing was changed. What you typed is kept: please try again in a moment.";

    /// <param name="reach">
    /// Which plans the actor may change; by default <see cref="PlanAccess.VisibleTo"/>. The only other reach is a transfer
    /// recipient's, who decides on a plan they are not yet on.
    /// </param>
    /// <param name="alongside">Rows that belong to the same change (a document's row), saved in the same transaction.</param>
    public async Task<StepSaveResult> ChangeAsync(Guid planId, string userId, Action<Plan, PlanRecord> change,
        int? expectedVersion = null, Func<IQueryable<PlanRecord>, FspDbContext, IQueryable<PlanRecord>>? reach = null,
        Action<FspDbContext>? alongside = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var plans = db.Plans.Include(p => p.Members).Include(p => p.SearchTerms).Include(p => p.Needs).AsSplitQuery();
        var record = await (reach is null ? plans.VisibleTo(db, userId) : reach(plans, db)).SingleOrDefaultAsync(p => p.Id == planId);
        if (record is null) return StepSaveResult.Refused(NotFound);
        if (record.AnonymisedUtc is not null) return StepSaveResult.Refused(Anonymised);
        if (expectedVersion is { } expected && record.Version != expected) return StepSaveResult.Refused(ChangedByOthers, conflict: true);
        var plan = record.ToPlan();
        var activeBefore = record.Members.Where(m => m.IsActive).Select(m => m.UserId).ToList();
        var (stateBefore, stepBefore, updatedBefore) = (record.StateJson, record.LastStep, record.UpdatedUtc);
        try
        {
            change(plan, record);
        }
        catch (DomainException e)
        {
            return StepSaveResult.Refused(e.Message);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        record.Store(plan, now);
        if (record.StateJson != stateBefore) record.Version++;
        else
        {
            record.UpdatedUtc = updatedBefore; // nothing in the plan changed (a document, or Next on an unchanged step)
            if (record.LastStep == stepBefore && plan.Events.Count == 0 && alongside is null) return StepSaveResult.Ok;
        }
        alongside?.Invoke(db);
        await eventLog.AddAsync(db, record, plan, userId, plan.TakeEvents(), activeBefore, now);
        return await CommitAsync(db);
    }

    /// <summary>Stores a new plan (its first events, such as <see cref="PlanStarted"/>, audited in the same transaction).</summary>
    public async Task<StepSaveResult> CreateAsync(Plan plan, string userId, Action<PlanRecord>? setUp = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var record = new PlanRecord();
        setUp?.Invoke(record);
        record.Store(plan, now);
        db.Plans.Add(record);
        await eventLog.AddAsync(db, record, plan, userId, plan.TakeEvents(), [], now);
        return await CommitAsync(db);
    }

    /// <summary>
    /// Deletes a plan that was never finished (its coordinator only), with its members, drafts and search terms; the audit
    /// line saying so is saved in the same transaction and outlives it. A draft with documents is refused until they are deleted.
    /// </summary>
    public async Task<StepSaveResult> DiscardDraftAsync(Guid planId, string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var record = await db.Plans.Include(p => p.Members).VisibleTo(db, userId).SingleOrDefaultAsync(p => p.Id == planId);
        if (record is null) return StepSaveResult.Refused(NotFound);
        var plan = record.ToPlan();
        try
        {
            plan.DiscardDraft(userId);
        }
        catch (DomainException e)
        {
            return StepSaveResult.Refused(e.Message);
        }
        if (await db.PlanDocuments.AnyAsync(d => d.PlanId == planId))
            return StepSaveResult.Refused("This plan has documents. Delete them first, then discard the plan.");
        var active = record.Members.Where(m => m.IsActive).Select(m => m.UserId).ToList();
        await eventLog.AddAsync(db, record, plan, userId, plan.TakeEvents(), active, clock.GetUtcNow().UtcDateTime);
        db.Plans.Remove(record);
        return await CommitAsync(db);
    }

    private async Task<StepSaveResult> CommitAsync(FspDbContext db)
    {
        try
        {
            await db.SaveChangesAsync(); // the plan, its audit lines, its emails and its notification: all or nothing
        }
        catch (DbUpdateConcurrencyException)
        {
            return StepSaveResult.Refused(ChangedByOthers, conflict: true);
        }
        catch (DbUpdateException e)
        {
            logger.LogError(e, "A change of a plan could not be saved; nothing of it was committed");
            return StepSaveResult.Refused(NotSaved);
        }
        outbox.Wake();
        Extensions.PortalTelemetry.PlanSaved();
        return StepSaveResult.Ok;
    }
}
