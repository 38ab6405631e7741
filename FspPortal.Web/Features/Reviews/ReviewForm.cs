using System.Globalization;
using FspPortal.Domain.Plans;
using FspPortal.Web.Features.Outcomes;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Plans.Wizard;

namespace FspPortal.Web.Features.Reviews;

/// <summary>The steps of Add review, in order.</summary>
public static class ReviewSteps
{
    public const int Meeting = 1, Aspects = 2, FamilyPlan = 3, Summary = 4, Complete = 5;

    public static readonly IReadOnlyList<(int Number, string Title)> All =
        [(Meeting, "The review meeting"), (Aspects, "Aspects of Life"), (FamilyPlan, "Family Plan"), (Summary, "Review Summary"), (Complete, "Complete")];

    public static string Title(int number) => All.FirstOrDefault(s => s.Number == number).Title ?? "";
}

/// <summary>Someone who might be at the meeting: attached practitioners and the family are listed; others are typed in.</summary>
public sealed class AttendeeForm
{
    public const string Attended = "attended", Apologies = "apologies";

    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    /// <summary>True for a row typed in (name and role editable, removable).</summary>
    public bool TypedIn { get; set; }
    /// <summary><see cref="Attended"/>, <see cref="Apologies"/>, or empty (not at the meeting).</summary>
    public string Attendance { get; set; } = "";
}

/// <summary>An open line of the family plan, pre-filled, with its progress, new score and whether it closes now.</summary>
public sealed class ReviewLineForm
{
    public const string Done = "done", Partly = "partly", NotYet = "not-yet";

    public Guid LineId { get; set; }
    public string FocusArea { get; set; } = "";
    public string WhatNeedsToChange { get; set; } = "";
    public string WhatWillBeDone { get; set; } = "";
    public string Who { get; set; } = "";
    public string ByWhen { get; set; } = "";
    public string ScoreBefore { get; set; } = "";
    public string Score { get; set; } = "";
    public string Progress { get; set; } = "";
    public bool CloseLine { get; set; }

    public static LineProgress? ToProgress(string? value) => value switch
    {
        Done => LineProgress.Done, Partly => LineProgress.Partly, NotYet => LineProgress.NotYet, _ => null,
    };
}

/// <summary>Everything typed into Add review; saved as typed (the draft) and turned into a <see cref="ReviewInput"/> on Save.</summary>
public sealed class ReviewForm
{
    public const string Continue = "continue", Close = "close";

    public string MeetingDate { get; set; } = "";
    public List<AttendeeForm> Attendees { get; set; } = [];
    public List<AspectScoreForm> Scores { get; set; } = [];
    public List<ReviewLineForm> Lines { get; set; } = [];
    public List<PlanLineForm> NewLines { get; set; } = [];
    public string Summary { get; set; } = "";
    public string NextStep { get; set; } = Continue;
    public string ReviewDate { get; set; } = "";
    public string ReviewTime { get; set; } = "";
    public string ReviewLocation { get; set; } = "";
    public string ClosureReason { get; set; } = "";
    public string ClosureOther { get; set; } = "";
    /// <summary>The family withdrew their consent to share at this review (recorded on the meeting's date when it is saved).</summary>
    public bool ConsentWithdrawn { get; set; }
    public string ConsentWithdrawnNote { get; set; } = "";
    /// <summary>The family's story, pre-filled from the plan and edited at the review (null only in a draft kept before reviews told it).</summary>
    public FamilyStoryStep? FamilyStory { get; set; }
    /// <summary>Each focus child's story, pre-filled likewise.</summary>
    public ChildStoriesStep? ChildStories { get; set; }
    /// <summary>Progress on each of the family's needs since the last review.</summary>
    public List<NeedProgressForm> Needs { get; set; } = [];
    /// <summary>When the review closes the plan: per need, significant and sustained progress.</summary>
    public List<NeedOutcomeForm> Outcomes { get; set; } = [];

    /// <summary>Keeps the needs' rows in step with the plan's needs (a draft may predate a change to them), answers kept.</summary>
    public void AlignNeeds(PlanDetails plan, StepContext context)
    {
        var progress = OutcomeForms.ProgressFor(plan, context.Reference);
        var outcomes = OutcomeForms.OutcomesFor(plan, context.Reference);
        Needs = OutcomeForms.Align(Needs, plan.Needs, code => progress.First(p => p.Code == code), n => n.Code);
        Outcomes = OutcomeForms.Align(Outcomes, plan.Needs, code => outcomes.First(o => o.Code == code), o => o.Code);
    }

    /// <summary>Fills the stories from the plan as it is now, where the form has none yet.</summary>
    public void PreFillStories(PlanDetails plan, StepContext context)
    {
        if (FamilyStory is null) { FamilyStory = new FamilyStoryStep(); FamilyStory.ReadFrom(plan, context); }
        if (ChildStories is null) { ChildStories = new ChildStoriesStep(); ChildStories.ReadFrom(plan, context); }
    }

    /// <summary>A new review, pre-filled from the plan as it is now (the latest scores and open lines, not the baseline).</summary>
    public static ReviewForm PreFill(PlanDetails plan, StepContext context, IEnumerable<(string Name, string Role, bool IsMe)> practitioners)
    {
        var form = new ReviewForm { MeetingDate = StepModel.DateText(context.Today), ReviewLocation = plan.NextReview.Location ?? "" };
        form.Attendees.AddRange(practitioners.Select(p => new AttendeeForm { Name = p.Name, Role = p.Role, Attendance = p.IsMe ? AttendeeForm.Attended : "" }));
        if (plan.MainParent is { Name: { Length: > 0 } main }) form.Attendees.Add(new AttendeeForm { Name = main, Role = context.Reference.Label(Domain.Reference.ReferenceLists.Relationships, plan.MainParent.RelationshipCode) });
        if (plan.SecondParent is { Name: { Length: > 0 } second }) form.Attendees.Add(new AttendeeForm { Name = second, Role = context.Reference.Label(Domain.Reference.ReferenceLists.Relationships, plan.SecondParent.RelationshipCode) });
        form.Attendees.AddRange(plan.FamilyMembers.Where(m => !string.IsNullOrWhiteSpace(m.Name))
            .Select(m => new AttendeeForm { Name = m.Name!, Role = context.Reference.Label(Domain.Reference.ReferenceLists.Relationships, m.RelationshipCode) }));

        var aspects = new AspectsStep();
        aspects.ReadFrom(plan, context);
        form.Scores = aspects.Scores;
        form.Lines = plan.OpenLines.Select(l => new ReviewLineForm
        {
            LineId = l.Id, FocusArea = l.FocusAreaCode ?? "", WhatNeedsToChange = l.WhatNeedsToChange ?? "", WhatWillBeDone = l.WhatWillBeDone ?? "",
            Who = l.Who ?? "", ByWhen = StepModel.DateText(l.ByWhen), ScoreBefore = l.ScoreNow?.ToString(CultureInfo.InvariantCulture) ?? "", Score = l.ScoreNow?.ToString(CultureInfo.InvariantCulture) ?? "",
        }).ToList();
        form.PreFillStories(plan, context);
        form.AlignNeeds(plan, context);
        return form;
    }

    public ReviewInput ToInput() => new(
        StepModel.Date(MeetingDate),
        Attendees.Where(a => a.Attendance is AttendeeForm.Attended or AttendeeForm.Apologies)
            .Select(a => new ReviewAttendee(a.Name, string.IsNullOrWhiteSpace(a.Role) ? null : a.Role, a.Attendance == AttendeeForm.Apologies)).ToList(),
        Scores.Select(s => s.Score == AspectsStep.NotApplicable ? new AspectScore(s.AspectCode, null, true) : new AspectScore(s.AspectCode, StepModel.Score(s.Score), false)).ToList(),
        Lines.Select(l => new ReviewedLine(new PlanLine(l.LineId, Text(l.FocusArea), Text(l.WhatNeedsToChange), Text(l.WhatWillBeDone), Text(l.Who),
            StepModel.Date(l.ByWhen), StepModel.Score(l.Score)), ReviewLineForm.ToProgress(l.Progress), l.CloseLine)).ToList(),
        NewLines.Select(l => new PlanLine(l.Id, Text(l.FocusArea), Text(l.WhatNeedsToChange), Text(l.WhatWillBeDone), Text(l.Who),
            StepModel.Date(l.ByWhen), StepModel.Score(l.ScoreNow))).ToList(),
        Text(Summary),
        NextStep == Close ? ReviewNextStep.ClosePlan : ReviewNextStep.ContinuePlan,
        NextStep == Close ? NextReview.Empty : new NextReview(StepModel.Date(ReviewDate), StepModel.Time(ReviewTime), Text(ReviewLocation)),
        NextStep == Close ? Text(ClosureReason) : null,
        NextStep == Close ? Text(ClosureOther) : null,
        FamilyStory is null ? null : new FamilyStory(Text(FamilyStory.KeyEventsNow), Text(FamilyStory.PastEvents)),
        ChildStories?.Stories.Select(s => new ChildStory(s.ChildKey, Text(s.WorkingWell), Text(s.CouldBeBetter), Text(s.WhoTheyCanTalkTo))).ToList(),
        OutcomeForms.ToReviewed(Needs),
        NextStep == Close ? OutcomeForms.ToOutcomes(Outcomes) : null);

    private static string? Text(string? value) => StepModel.Text(value);
}
