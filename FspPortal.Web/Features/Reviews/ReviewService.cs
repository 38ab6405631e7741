using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using FluentValidation;
using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Plans.Wizard;
using FspPortal.Web.Features.Reference;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Reviews;

/// <summary>
/// A review being added: the form (the draft as typed, or pre-filled from the plan), where to resume, and the facts its
/// date checks need. <see cref="Refusal"/>: why this plan cannot be reviewed now (a draft or a closed plan).
/// </summary>
public sealed record ReviewSession(PlanDetails Plan, ReviewForm Form, int Step, bool Restored, StepContext Context, string? Refusal)
{
    public DateOnly CompletedOn => DateOnly.FromDateTime(UkTime.ToUk(Plan.CompletedUtc ?? DateTime.MinValue));
    public DateOnly? PreviousMeeting => Plan.LatestReview?.MeetingDate;
}

public sealed record ReviewSaveResult(bool Succeeded, int? FailedStep, IReadOnlyList<(string Field, string Message)> Errors, string? Problem = null,
    int? ReviewNumber = null, bool ClosedPlan = false);

/// <summary>
/// Add review: open (pre-filled from the plan's current scores and lines), keep the typing as a draft (nothing lost),
/// check each step, and save through <see cref="PlanStore"/> with <see cref="Plan.AddReview"/> — closing the plan there is
/// the aggregate's one <see cref="Plan.Close"/>. Every read goes through <see cref="PlanAccess"/>.
/// </summary>
public sealed class ReviewService(IDbContextFactory<FspDbContext> dbFactory, PlanStore store, ReferenceData reference, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public async Task<StepContext> ContextAsync() =>
        new(UkTime.Today(clock), await reference.GetAsync());

    /// <summary>The review in progress for this person, or null ("not found") when the plan is not theirs to see.</summary>
    public async Task<ReviewSession?> OpenAsync(Guid planId, string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var record = await db.Plans.AsNoTracking().VisibleTo(db, userId).SingleOrDefaultAsync(p => p.Id == planId);
        if (record is null) return null;
        var plan = PlanDetails.Of(record.ToPlan());
        var context = await ContextAsync();
        var refusal = plan.Status switch
        {
            PlanStatus.Draft => "This plan is still in progress: finish it before adding a review.",
            PlanStatus.Closed => "This plan is closed. Its coordinator can reopen it (Change status) before a review is added.",
            _ => null,
        };
        var draft = await FormDrafts.FindAsync(db, planId, userId, DraftForm.Review);
        if (draft is not null && JsonSerializer.Deserialize<ReviewForm>(draft.Json, Json) is { } typed)
        {
            typed.PreFillStories(plan, context); // a draft kept before reviews told the stories gets them from the plan
            typed.AlignNeeds(plan, context);
            return new ReviewSession(plan, typed, draft.Step, true, context, refusal);
        }

        var practitioners = await db.PlanMembers.AsNoTracking().Where(m => m.PlanId == planId && m.IsActive)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.FullName, m.Role }).ToListAsync();
        var form = ReviewForm.PreFill(plan, context, practitioners.OrderBy(p => p.Role).ThenBy(p => p.FullName)
            .Select(p => (p.FullName, p.Role == PlanRole.Coordinator ? "FSP Coordinator" : "Team around the family", p.Id == userId)));
        return new ReviewSession(plan, form, ReviewSteps.Meeting, false, context, refusal);
    }

    public static async Task<IReadOnlyList<(string Field, string Message)>> ValidateStepAsync(ReviewSession session, int step, ReviewForm form)
    {
        var result = await ReviewValidators.For(step, session.Context, session.CompletedOn, session.PreviousMeeting).ValidateAsync(form);
        return result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ToList();
    }

    /// <summary>Keeps the form exactly as typed, unvalidated, for this person only (the few-seconds autosave, Next and Back).</summary>
    public async Task<bool> KeepDraftAsync(Guid planId, string userId, int step, ReviewForm form)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await db.Plans.VisibleTo(db, userId).AnyAsync(p => p.Id == planId)) return false;
        return await FormDrafts.KeepAsync(db, planId, userId, DraftForm.Review, step, JsonSerializer.Serialize(form, Json), clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>Forgets this person's review draft ("start again").</summary>
    public async Task DiscardDraftAsync(Guid planId, string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await FormDrafts.DiscardAsync(db, planId, userId, DraftForm.Review);
    }

    /// <summary>
    /// Checks every step (the first step with a problem is returned, with its messages), then records the review. On a
    /// refusal the draft keeps everything typed.
    /// </summary>
    public async Task<ReviewSaveResult> SaveAsync(Guid planId, ClaimsPrincipal user, ReviewForm form)
    {
        var userId = user.UserId();
        var session = await OpenAsync(planId, userId);
        if (session is null) return new ReviewSaveResult(false, null, [], PlanStore.NotFound);
        await KeepDraftAsync(planId, userId, ReviewSteps.Complete, form);
        if (session.Refusal is not null) return new ReviewSaveResult(false, null, [], session.Refusal);
        foreach (var (step, _) in ReviewSteps.All)
        {
            var errors = await ValidateStepAsync(session, step, form);
            if (errors.Count > 0) return new ReviewSaveResult(false, step, errors);
        }
        var openIds = session.Plan.OpenLines.Select(l => l.Id).ToHashSet();
        if (!openIds.SetEquals(form.Lines.Select(l => l.LineId)))
            return new ReviewSaveResult(false, ReviewSteps.FamilyPlan, [], "The family plan was changed by someone else after you started this review. "
                + "Choose \"Start again\" to pre-fill the review from the plan as it is now.");

        var input = form.ToInput();
        var closing = input.NextStep == ReviewNextStep.ClosePlan;
        var reasons = session.Context.Reference.Choices(ReferenceLists.ClosureReasons).Select(r => r.Code).ToList();
        Review? review = null;
        var result = await store.ChangeAsync(planId, userId, (plan, _) =>
        {
            review = plan.AddReview(userId, input, session.Context.Reference.ActiveAspectCodes, reasons, clock.GetUtcNow().UtcDateTime, UkTime.London);
            // In the same change as the review: both are saved, or neither.
            if (form.ConsentWithdrawn && plan.ConsentWithdrawn is null)
                plan.WithdrawConsent(userId, review.MeetingDate, form.ConsentWithdrawnNote, session.Context.Today, clock.GetUtcNow().UtcDateTime, atReview: review.Number);
        });
        if (!result.Succeeded) return new ReviewSaveResult(false, null, [], result.Problem);

        await DiscardDraftAsync(planId, userId);
        return new ReviewSaveResult(true, null, [], ReviewNumber: review!.Number, ClosedPlan: closing);
    }
}
