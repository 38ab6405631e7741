using System.Text.Json;
using FluentValidation;
using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Features.Plans.Wizard;
using FspPortal.Web.Features.Reference;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Plans;

public sealed record StepSaveResult(bool Succeeded, IReadOnlyList<(string Field, string Message)> Errors, string? Problem = null, bool Conflict = false)
{
    public static readonly StepSaveResult Ok = new(true, []);
    public static StepSaveResult Refused(string problem, bool conflict = false) => new(false, [], problem, conflict);
}

/// <summary>A plan opened for editing: <see cref="Version"/> is what a save must still find, or it is refused.</summary>
public sealed record PlanForEdit(Guid Id, PlanDetails Plan, int Version, int LastStep, int? UnsavedStep, string? UnsavedStepJson,
    PractitionerDetails? Me = null);

public sealed record DraftSummary(Guid Id, string? ChildName, string? FamilyName, DateTime UpdatedUtc, int LastStep);

/// <summary>
/// Create New FSP Plan: start a draft, save a step (validated here too, so no UI path skips the rules),
/// keep a step's unvalidated typing, finish. Every read goes through <see cref="PlanAccess"/>.
/// </summary>
public sealed class PlanWizardService(IDbContextFactory<FspDbContext> dbFactory, PlanStore store, ReferenceData reference, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public async Task<StepContext> ContextAsync() =>
        new(UkTime.Today(clock), await reference.GetAsync());

    public async Task<Guid> StartAsync(string userId)
    {
        var plan = Plan.StartDraft(Guid.NewGuid(), userId, clock.GetUtcNow().UtcDateTime);
        var result = await store.CreateAsync(plan, userId, record => record.LastStep = 0);
        if (!result.Succeeded) throw new InvalidOperationException(result.Problem);
        return plan.Id;
    }

    /// <summary>The plan for editing, or null when it does not exist or the user may not see it (both are "not found").</summary>
    public async Task<PlanForEdit?> LoadAsync(Guid planId, string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var record = await db.Plans.AsNoTracking().VisibleTo(db, userId).SingleOrDefaultAsync(p => p.Id == planId);
        if (record is null) return null;
        var unsaved = await FormDrafts.FindAsync(db, planId, userId, DraftForm.PlanStep);
        var me = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.FullName, u.Agency, u.JobTitle, u.Email, u.PhoneNumber }).SingleOrDefaultAsync();
        var agencies = (await reference.GetAsync()).Choices(Domain.Reference.ReferenceLists.Agencies);
        // The account's agency is typed text; the plan keeps a code from the list: take the entry it names, if any.
        var agencyCode = agencies.FirstOrDefault(a => string.Equals(a.Label, me?.Agency?.Trim(), StringComparison.OrdinalIgnoreCase)
                                                      || string.Equals(a.Code, me?.Agency?.Trim(), StringComparison.OrdinalIgnoreCase))?.Code;
        return new PlanForEdit(record.Id, PlanDetails.Of(record.ToPlan()), record.Version, record.LastStep, unsaved?.Step, unsaved?.Json,
            me is null ? null : new PractitionerDetails(me.FullName, agencyCode, me.JobTitle, me.Email, me.PhoneNumber, null, null));
    }

    /// <summary>The step's form: what was typed but not yet saved with Next when there is some, otherwise read from the plan.</summary>
    /// <summary>"Discard this draft": deletes a plan never finished (its coordinator only); its history line stays.</summary>
    public Task<StepSaveResult> DiscardDraftAsync(Guid planId, string userId) => store.DiscardDraftAsync(planId, userId);

    public static StepModel ReadStep(PlanForEdit plan, WizardStep step, StepContext context) => ReadStepAndDraft(plan, step, context).Model;

    /// <summary>
    /// The step's form: what this person typed and did not save, when there is such a draft, else the plan as saved.
    /// <c>Restored</c> is true only when the draft differs from what is saved (a step opened and left untouched restores nothing).
    /// </summary>
    public static (StepModel Model, bool Restored) ReadStepAndDraft(PlanForEdit plan, WizardStep step, StepContext context)
    {
        var saved = ReadSavedStep(plan, step, context);
        if (plan.UnsavedStep == step.Number && plan.UnsavedStepJson is { } json
            && JsonSerializer.Deserialize(json, step.ModelType, Json) is StepModel typed)
        {
            (typed as ConsentStep)?.UpgradeOldDraft();
            // Step 9 typed before it asked for the family's needs: the needs offered as the saved step offers them.
            if (typed is FinishStep { Needs.Count: 0 } finish && saved is FinishStep savedFinish) finish.Needs = savedFinish.Needs;
            return (typed, JsonSerializer.Serialize(typed, step.ModelType, Json) != JsonSerializer.Serialize(saved, step.ModelType, Json));
        }
        return (saved, false);
    }

    /// <summary>The step's form as the plan is saved (no draft).</summary>
    public static StepModel ReadSavedStep(PlanForEdit plan, WizardStep step, StepContext context)
    {
        var saved = step.CreateModel();
        saved.ReadFrom(plan.Plan, context);
        // Step 1 of a new plan starts with the signed-in practitioner's own details (name, agency, role, email, phone).
        if (saved is ConsentStep consent && plan.Me is { } me && plan.Plan.Practitioner.Name is null) consent.PrefillPractitioner(me);
        return saved;
    }

    public static string ToJson(StepModel model, WizardStep step) => JsonSerializer.Serialize(model, step.ModelType, Json);

    public static StepModel FromJson(string json, WizardStep step) => (StepModel)JsonSerializer.Deserialize(json, step.ModelType, Json)!;

    /// <summary>The plan's version now, or null when <paramref name="userId"/> can no longer see it.</summary>
    public async Task<int?> VersionAsync(Guid planId, string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Plans.VisibleTo(db, userId).Where(p => p.Id == planId).Select(p => (int?)p.Version).SingleOrDefaultAsync();
    }

    public async Task<IReadOnlyList<(string Field, string Message)>> ValidateAsync(WizardStep step, StepModel model)
    {
        var context = await ContextAsync();
        var result = await step.CreateValidator(context).ValidateAsync(new ValidationContext<object>(model));
        return result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ToList();
    }

    /// <summary>
    /// Validates the step, applies it to the plan and saves it (Next). A refusal keeps what was typed. With
    /// <paramref name="expectedVersion"/>, a plan someone else saved since it was opened is not overwritten.
    /// </summary>
    public async Task<StepSaveResult> SaveStepAsync(Guid planId, string userId, WizardStep step, StepModel model, int? expectedVersion = null)
    {
        var errors = await ValidateAsync(step, model);
        if (errors.Count > 0)
        {
            await AutosaveAsync(planId, userId, step, model); // the typing survives even when Next is refused
            return new StepSaveResult(false, errors);
        }
        var context = await ContextAsync();
        var result = await store.ChangeAsync(planId, userId, (plan, record) =>
        {
            model.ApplyTo(plan, context);
            record.LastStep = Math.Max(record.LastStep, step.Number);
        }, expectedVersion);
        if (result.Succeeded)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await FormDrafts.DiscardAsync(db, planId, userId, DraftForm.PlanStep, onlyStep: step.Number);
        }
        else if (result.Problem is not null) await AutosaveAsync(planId, userId, step, model);
        return result;
    }

    /// <summary>Keeps a step's form exactly as typed, unvalidated (the few-seconds autosave, and Back).</summary>
    public async Task<bool> AutosaveAsync(Guid planId, string userId, WizardStep step, StepModel model)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await db.Plans.VisibleTo(db, userId).AnyAsync(p => p.Id == planId)) return false;
        var json = JsonSerializer.Serialize(model, step.ModelType, Json);
        return await FormDrafts.KeepAsync(db, planId, userId, DraftForm.PlanStep, step.Number, json, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>Forgets this person's unsaved typing on the plan (their explicit "reload the saved plan").</summary>
    public async Task DiscardUnsavedAsync(Guid planId, string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await FormDrafts.DiscardAsync(db, planId, userId, DraftForm.PlanStep);
    }

    public async Task<StepSaveResult> FinishAsync(Guid planId, string userId)
    {
        var context = await ContextAsync();
        return await store.ChangeAsync(planId, userId, (plan, _) => plan.Finish(context.Reference.ActiveAspectCodes, clock.GetUtcNow().UtcDateTime, context.Today));
    }

    public int WizardStepCount => WizardSteps.All.Count;

    public async Task<IReadOnlyList<DraftSummary>> ListDraftsAsync(string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Plans.AsNoTracking().VisibleTo(db, userId).Where(p => p.Status == PlanStatus.Draft)
            .OrderByDescending(p => p.UpdatedUtc)
            .Select(p => new DraftSummary(p.Id, p.ChildFirstName + " " + p.ChildLastName, p.FamilyName, p.UpdatedUtc, p.LastStep))
            .ToListAsync();
    }
}

public static class PlanAuditActions
{
    public const string DraftStarted = "Plan.DraftStarted";
    public const string DraftDiscarded = "Plan.DraftDiscarded";
    public const string Edited = "Plan.Edited";
    public const string Finished = "Plan.Finished";
    public const string Viewed = "Plan.Viewed";
    public const string AdminViewed = "Plan.AdminViewed";
    /// <summary>An admin not on the plan gave a reason to open its content (break-glass); the coordinators are emailed.</summary>
    public const string BreakGlass = "Plan.BreakGlass";
    public const string ViewRefused = "Plan.ViewRefused";
    public const string Closed = "Plan.Closed";
    public const string Reopened = "Plan.Reopened";
    public const string ReviewAdded = "Plan.ReviewAdded";
}
