using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Data;

/// <summary>Keeping, finding and forgetting a person's <see cref="FormDraft"/> (the plan stepper's and Add review's one way).</summary>
public static class FormDrafts
{
    public static Task<FormDraft?> FindAsync(FspDbContext db, Guid planId, string userId, DraftForm form) =>
        db.FormDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.PlanId == planId && d.UserId == userId && d.Form == form);

    /// <summary>
    /// This person's own row, updated in place (it never raises the plan's version, so it never conflicts with a save).
    /// False when a second tab of the same person inserted first: its next tick updates.
    /// </summary>
    public static async Task<bool> KeepAsync(FspDbContext db, Guid planId, string userId, DraftForm form, int step, string json, DateTime nowUtc)
    {
        var updated = await db.FormDrafts.Where(d => d.PlanId == planId && d.UserId == userId && d.Form == form)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Step, step).SetProperty(d => d.Json, json).SetProperty(d => d.SavedUtc, nowUtc));
        if (updated > 0) return true;
        db.FormDrafts.Add(new FormDraft { PlanId = planId, UserId = userId, Form = form, Step = step, Json = json, SavedUtc = nowUtc });
        try { await db.SaveChangesAsync(); }
        catch (DbUpdateException) { return false; }
        return true;
    }

    /// <summary>Forgets the draft (of <paramref name="onlyStep"/> only, when given).</summary>
    public static Task DiscardAsync(FspDbContext db, Guid planId, string userId, DraftForm form, int? onlyStep = null) =>
        db.FormDrafts.Where(d => d.PlanId == planId && d.UserId == userId && d.Form == form && (onlyStep == null || d.Step == onlyStep))
            .ExecuteDeleteAsync();
}
