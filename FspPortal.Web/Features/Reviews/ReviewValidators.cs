using FluentValidation;
using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Features.Outcomes;
using FspPortal.Web.Features.Plans.Wizard;

namespace FspPortal.Web.Features.Reviews;

/// <summary>
/// The checks of each step of Add review, with messages beside the fields. The service runs every step's validator
/// before saving, and the aggregate checks again, so no path skips a rule.
/// </summary>
public static class ReviewValidators
{
    public static IValidator<ReviewForm> For(int step, StepContext context, DateOnly completedOn, DateOnly? previousMeeting) => step switch
    {
        ReviewSteps.Meeting => new MeetingValidator(context, completedOn, previousMeeting),
        ReviewSteps.Aspects => new AspectsValidator(),
        ReviewSteps.FamilyPlan => new FamilyPlanValidator(context),
        ReviewSteps.Summary => new SummaryValidator(),
        _ => new CompleteValidator(context),
    };

    private sealed class MeetingValidator : AbstractValidator<ReviewForm>
    {
        public MeetingValidator(StepContext context, DateOnly completedOn, DateOnly? previousMeeting)
        {
            RuleFor(f => f.MeetingDate).Required("Enter the date of the review meeting.").ValidDate("The meeting date")
                .NotInFuture(context.Today, "The meeting date cannot be in the future.")
                .Must(v => StepModel.Date(v) is not { } d || d >= completedOn).WithMessage($"The meeting cannot be before the plan was finished ({completedOn:d MMMM yyyy}).")
                .Must(v => StepModel.Date(v) is not { } d || previousMeeting is not { } p || d >= p)
                .WithMessage($"The meeting cannot be before the previous review ({previousMeeting:d MMMM yyyy}).");
            RuleFor(f => f.Attendees).Must(list => list.Any(a => a.Attendance == AttendeeForm.Attended))
                .WithMessage("Record who attended the meeting: choose \"Attended\" for at least one person.");
            RuleForEach(f => f.Attendees).ChildRules(a =>
            {
                a.RuleFor(x => x.Name).Required("Enter the person's name, or remove this row.").Short("Name");
                a.RuleFor(x => x.Role).Short("Role");
                a.RuleFor(x => x.Attendance).Required("Choose \"Attended\" or \"Sent apologies\", or remove this row.").When(x => x.TypedIn);
            });
        }
    }

    private sealed class AspectsValidator : AbstractValidator<ReviewForm>
    {
        public AspectsValidator() => RuleForEach(f => f.Scores).ChildRules(score =>
            score.RuleFor(x => x.Score).Must(v => v == AspectsStep.NotApplicable || StepModel.Score(v) is >= 1 and <= 10)
                .WithMessage(x => $"Choose a score from 1 to 10, or N/A, for {x.Label}."));
    }

    private sealed class FamilyPlanValidator : AbstractValidator<ReviewForm>
    {
        public FamilyPlanValidator(StepContext context)
        {
            RuleForEach(f => f.Lines).ChildRules(line =>
            {
                line.RuleFor(l => l.Progress).Must(v => ReviewLineForm.ToProgress(v) is not null).WithMessage("Choose the progress: done, partly or not yet.");
                line.RuleFor(l => l.Score).Must(v => StepModel.Score(v) is >= 1 and <= 10).WithMessage("Choose the new score, from 1 to 10.");
                line.RuleFor(l => l.WhatWillBeDone).Required("Enter what will be done.").Long("What will be done");
                line.RuleFor(l => l.Who).Required("Enter who will do it.").Short("Who will do it");
                line.RuleFor(l => l.ByWhen).Required("Enter by when.").ValidDate("By when");
            });
            RuleForEach(f => f.NewLines).SetValidator(new PlanLineFormValidator(context));
            RuleForEach(f => f.Needs).ChildRules(need => need.RuleFor(n => n.Progress).Must(v => NeedProgressForm.ToProgress(v) is not null)
                .WithMessage(n => $"Choose the progress on {n.Label}: improving, no change or worse."));
        }
    }

    private sealed class SummaryValidator : AbstractValidator<ReviewForm>
    {
        public SummaryValidator()
        {
            RuleFor(f => f.Summary).Long("The review summary");
            RuleFor(f => f.FamilyStory!.KeyEventsNow).Long("Key events happening now").When(f => f.FamilyStory is not null);
            RuleFor(f => f.FamilyStory!.PastEvents).Long("Past events").When(f => f.FamilyStory is not null);
            RuleForEach(f => f.ChildStories!.Stories).ChildRules(story =>
            {
                story.RuleFor(s => s.WorkingWell).Long("What is working well");
                story.RuleFor(s => s.CouldBeBetter).Long("What could be better");
                story.RuleFor(s => s.WhoTheyCanTalkTo).Long("Who they can talk to");
            }).When(f => f.ChildStories is not null);
        }
    }

    private sealed class CompleteValidator : AbstractValidator<ReviewForm>
    {
        public CompleteValidator(StepContext context)
        {
            RuleFor(f => f.NextStep).Must(v => v is ReviewForm.Continue or ReviewForm.Close).WithMessage("Choose the next step.");
            RuleFor(f => f.ConsentWithdrawnNote).Long("The note").When(f => f.ConsentWithdrawn);
            When(f => f.NextStep == ReviewForm.Continue, () =>
            {
                RuleFor(f => f.ReviewDate).Required("Enter the date of the next review.").ValidDate("The next review date")
                    .Must(v => StepModel.Date(v) is not { } d || d > context.Today).WithMessage("The next review must be after today.");
                RuleFor(f => f.ReviewTime).Must(v => string.IsNullOrWhiteSpace(v) || StepModel.Time(v) is not null).WithMessage("Enter a time like 14:30.");
                RuleFor(f => f.ReviewLocation).Short("Location");
                RuleFor(f => f.Lines).Must((form, lines) => lines.Any(l => !l.CloseLine) || form.NewLines.Count > 0)
                    .WithMessage("Every line of the family plan is closed: add a line, or close the family support plan.");
            });
            When(f => f.NextStep == ReviewForm.Close, () =>
            {
                RuleFor(f => f.ClosureReason).Required("Choose why the family support plan is being closed.")
                    .OneOf(context, ReferenceLists.ClosureReasons, "Choose a reason from the list.");
                RuleFor(f => f.ClosureOther).Required("Say why the plan is being closed.").Long("The reason")
                    .When(f => f.ClosureReason == ReferenceLists.Other);
                RuleForEach(f => f.Outcomes).SetValidator(new NeedOutcomeValidator());
            });
        }
    }
}
