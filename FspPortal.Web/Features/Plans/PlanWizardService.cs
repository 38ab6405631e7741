using System.Text.Json;
using FluentValidation;
using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Features.Plans.Wizard;
using FspPortal.Web.Features.Reference;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Plans;

public sealed record StepSaveResult(bool Succeeded, IReadOnlyList<(string Field, string Message)> Errors, string? Problem = null)
{
    public static readonly StepSaveResult Ok = new(true, []);
    public static StepSaveResult Refused(string problem) => new(false, [], problem);
}

public sealed record PlanForEdit(Guid Id, Plan Plan, int LastStep, int? UnsavedStep, string? UnsavedStepJson);

public sealed record PlanOverview(Plan Plan, string? Reference);

public sealed record DraftSummary(Guid Id, string? ChildName, string? FamilyName, DateTime UpdatedUtc, int LastStep);

/// <summary>
/// Create New FSP Plan: start a draft, save a step (validated here too, so no UI path skips the rules),
/// keep a step's unvalidated typing, finish. Every read goes through <see cref="PlanAccess"/>.
/// </summary>
public sealed class PlanWizardService(IDbContextFactory<FspDbContext> dbFactory, ReferenceData reference, AuditLog audit, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public async Task<StepContext> ContextAsync() =>
        new(DateOnly.FromDateTime(UkTime.ToUk(clock.GetUtcNow().UtcDateTime)), await reference.GetAsync());

    public async Task<Guid> StartAsync(string userId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var plan = Plan.StartDraft(Guid.NewGuid(), userId, now);
        var record = new PlanRecord { LastStep = 0 };
        record.Store(plan, now);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Plans.Add(record);
            await db.SaveChangesAsync();
        }
        await audit.WriteAsync(new AuditEvent(PlanAuditActions.DraftStarted, userId, null, "Plan", plan.Id.ToString()));
        return plan.Id;
    }

    /// <summary>The plan for editing, or null when it does not exist or the user may not see it (both are "not found").</summary>
    public async Task<PlanForEdit?> LoadAsync(Guid planId, string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var record = await db.Plans.AsNoTracking().VisibleTo(db, userId).SingleOrDefaultAsync(p => p.Id == planId);
        return record is null ? null : new PlanForEdit(record.Id, record.ToPlan(), record.LastStep, record.UnsavedStep, record.UnsavedStepJson);
    }

    /// <summary>The step's form: what was typed but not yet saved with Next when there is some, otherwise read from the plan.</summary>
    public static StepModel ReadStep(PlanForEdit plan, WizardStep step, StepContext context)
    {
        if (plan.UnsavedStep == step.Number && plan.UnsavedStepJson is { } json
            && JsonSerializer.Deserialize(json, step.ModelType, Json) is StepModel typed)
            return typed;
        var model = step.CreateModel();
        model.ReadFrom(plan.Plan, context);
        return model;
    }

    public async Task<IReadOnlyList<(string Field, string Message)>> ValidateAsync(WizardStep step, StepModel model)
    {
        var context = await ContextAsync();
        var result = await step.CreateValidator(context).ValidateAsync(new ValidationContext<object>(model));
        return result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ToList();
    }

    /// <summary>Validates the step, applies it to the plan and saves it (Next). A refusal keeps what was typed.</summary>
    public async Task<StepSaveResult> SaveStepAsync(Guid planId, string userId, WizardStep step, StepModel model)
    {
        var errors = await ValidateAsync(step, model);
        if (errors.Count > 0)
        {
            await AutosaveAsync(planId, userId, step, model); // the typing survives even when Next is refused
            return new StepSaveResult(false, errors);
        }
        var context = await ContextAsync();
        var result = await ChangeAsync(planId, userId, (plan, record) =>
        {
            model.ApplyTo(plan, context);
            record.LastStep = Math.Max(record.LastStep, step.Number);
            if (record.UnsavedStep == step.Number) { record.UnsavedStep = null; record.UnsavedStepJson = null; record.UnsavedUtc = null; }
        });
        return result;
    }

    /// <summary>Keeps a step's form exactly as typed, unvalidated (the few-seconds autosave, and Back).</summary>
    public async Task<bool> AutosaveAsync(Guid planId, string userId, WizardStep step, StepModel model)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var json = JsonSerializer.Serialize(model, step.ModelType, Json);
        var now = clock.GetUtcNow().UtcDateTime;
        // One set-based UPDATE: it neither reads the plan nor raises its version, so it never conflicts with a Next.
        var updated = await db.Plans.VisibleTo(db, userId).Where(p => p.Id == planId)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.UnsavedStep, step.Number).SetProperty(p => p.UnsavedStepJson, json).SetProperty(p => p.UnsavedUtc, now));
        return updated == 1;
    }

    public async Task<StepSaveResult> FinishAsync(Guid planId, string userId)
    {
        var context = await ContextAsync();
        var result = await ChangeAsync(planId, userId, (plan, _) => plan.Finish(context.Reference.ActiveAspectCodes, clock.GetUtcNow().UtcDateTime, context.Today));
        if (result.Succeeded) await audit.WriteAsync(new AuditEvent(PlanAuditActions.Finished, userId, null, "Plan", planId.ToString()));
        return result;
    }

    public int WizardStepCount => WizardSteps.All.Count;

    public async Task<PlanOverview?> OverviewAsync(Guid planId, string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var record = await db.Plans.AsNoTracking().VisibleTo(db, userId).SingleOrDefaultAsync(p => p.Id == planId);
        return record is null ? null : new PlanOverview(record.ToPlan(), record.Reference);
    }

    public async Task<IReadOnlyList<DraftSummary>> ListDraftsAsync(string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Plans.AsNoTracking().VisibleTo(db, userId).Where(p => p.Status == PlanStatus.Draft)
            .OrderByDescending(p => p.UpdatedUtc)
            .Select(p => new DraftSummary(p.Id, p.ChildFirstName + " " + p.ChildLastName, p.FamilyName, p.UpdatedUtc, p.LastStep))
            .ToListAsync();
    }

    private async Task<StepSaveResult> ChangeAsync(Guid planId, string userId, Action<Plan, PlanRecord> change)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var record = await db.Plans.Include(p => p.Members).VisibleTo(db, userId).SingleOrDefaultAsync(p => p.Id == planId);
        if (record is null) return StepSaveResult.Refused("This plan was not found.");
        var plan = record.ToPlan();
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
            return StepSaveResult.Refused("Someone else saved this plan a moment ago, so your change was not saved. Reload the page to see theirs; what you typed is still on this page.");
        }
        return StepSaveResult.Ok;
    }
}

public static class PlanAuditActions
{
    public const string DraftStarted = "Plan.DraftStarted";
    public const string Finished = "Plan.Finished";
}
