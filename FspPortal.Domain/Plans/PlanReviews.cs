using System.Globalization;
using FspPortal.Domain.Common;

namespace FspPortal.Domain.Plans;

public enum LineProgress { NotYet = 0, Partly = 1, Done = 2 }

public enum ReviewNextStep { ContinuePlan = 0, ClosePlan = 1 }

/// <summary>Someone at a review meeting, or who sent apologies. <see cref="Role"/>: e.g. "Mum", "School nurse", "Team around the family".</summary>
public sealed record ReviewAttendee(string Name, string? Role, bool SentApologies);

/// <summary>An open line of the family plan as the review left it: possibly reworded, a new score, its progress, and whether it is now closed.</summary>
public sealed record ReviewedLine(PlanLine Line, LineProgress? Progress, bool CloseLine);

/// <summary>What a practitioner records at a review (the form's answers, not yet checked).</summary>
public sealed record ReviewInput(
    DateOnly? MeetingDate, IReadOnlyList<ReviewAttendee> Attendees, IReadOnlyList<AspectScore> Scores,
    IReadOnlyList<ReviewedLine> Lines, IReadOnlyList<PlanLine> NewLines, string? Summary,
    ReviewNextStep NextStep, NextReview NextReview, string? ClosureReasonCode, string? ClosureOther,
    FamilyStory? FamilyStory = null, IReadOnlyList<ChildStory>? ChildStories = null,
    IReadOnlyList<NeedReviewed>? Needs = null, IReadOnlyList<NeedOutcome>? Outcomes = null);

/// <summary>A line as it stood at a review: its score before and after, its progress, whether it was new or closed there.</summary>
public sealed record ReviewLine(PlanLine Line, int? ScoreBefore, LineProgress? Progress, bool IsNew, bool Closed);

/// <summary>A review held: kept whole in the plan so every earlier review can be read as it was.</summary>
public sealed record Review(
    Guid Id, int Number, DateOnly MeetingDate, IReadOnlyList<ReviewAttendee> Attendees, IReadOnlyList<AspectScore> Scores,
    IReadOnlyList<ReviewLine> Lines, string? Summary, ReviewNextStep NextStep, NextReview NextReview,
    string? ClosureReasonCode, string? ClosureOther, string RecordedByUserId, DateTime RecordedUtc,
    FamilyStory? FamilyStory = null, IReadOnlyList<ChildStory>? ChildStories = null, IReadOnlyList<string>? StoriesChanged = null,
    IReadOnlyList<NeedReviewed>? Needs = null)
{
    /// <summary>In <see cref="StoriesChanged"/>: the family's story changed at this review (the other entries are children's keys).</summary>
    public const string FamilyStoryKey = "family";
}

/// <summary>One point of the score chart: the baseline (the plan as finished) or a review.</summary>
public sealed record ScorePoint(string Label, DateOnly Date, IReadOnlyList<AspectScore> Scores);

public sealed partial class Plan
{
    private readonly List<Review> reviews = [];
    private List<AspectScore>? baselineScores;

    /// <summary>The reviews, oldest first.</summary>
    public IReadOnlyList<Review> Reviews => reviews;
    public Review? LatestReview => reviews.Count == 0 ? null : reviews[^1];

    /// <summary>The scores when the plan was finished (before the first review); until then, the current ones.</summary>
    public IReadOnlyList<AspectScore> BaselineScores => baselineScores ?? aspectScores;

    /// <summary>The lines still being worked on (a review may close a line; it stays in the plan, closed, for its history).</summary>
    public IReadOnlyList<PlanLine> OpenLines => planLines.Where(l => !l.IsClosed).ToList();

    /// <summary>Baseline then every review, in order: what the score-over-time chart draws.</summary>
    public IReadOnlyList<ScorePoint> ScoreTimeline(TimeZoneInfo zone)
    {
        if (CompletedUtc is not { } completed) return [];
        var points = new List<ScorePoint> { new("Baseline", DayIn(completed, zone), BaselineScores) };
        points.AddRange(reviews.Select(r => new ScorePoint($"Review {r.Number}", r.MeetingDate, r.Scores)));
        return points;
    }

    /// <summary>
    /// Records a review of a completed, open plan: new scores, progress on every open line (lines may be closed and added),
    /// and either the next review or the plan's closure — the closure through <see cref="Close"/>, the same rules as the
    /// overview's status control. Nothing changes unless everything is acceptable.
    /// </summary>
    public Review AddReview(string userId, ReviewInput input, IReadOnlyCollection<string> activeAspectCodes,
        IReadOnlyCollection<string> closureReasonCodes, DateTime nowUtc, TimeZoneInfo zone)
    {
        if (Status == PlanStatus.Draft) throw new DomainException("A review can only be added to a finished plan.");
        if (Status == PlanStatus.Closed) throw new DomainException("This plan is closed: reopen it before adding a review.");
        if (!members.Any(m => m.UserId == userId && m.IsActive)) throw new DomainException("Only someone on the plan can add a review.");

        var today = DayIn(nowUtc, zone);
        CheckMeetingDate(input.MeetingDate, today, zone);
        CheckAttendees(input.Attendees);
        CheckReviewScores(input.Scores, activeAspectCodes);
        var lines = ReviewLines(input);
        CheckLength(input.Summary, "The review summary", TextLimits.Long);
        var reviewedNeeds = ReviewedNeeds(input.Needs);
        var (familyStory, childStoriesNow, storiesChanged) = ReviewedStories(input);

        if (input.NextStep == ReviewNextStep.ContinuePlan)
        {
            if (!lines.Any(l => !l.Closed)) throw new DomainException("Keep at least one line of the family plan open, or close the plan.");
            if (input.NextReview.Date is not { } next || next <= today) throw new DomainException("The next review date must be in the future.");
            CheckLength(input.NextReview.Location, "Location");
        }
        else
        {
            Close(userId, input.ClosureReasonCode, input.ClosureOther, closureReasonCodes, nowUtc, input.Outcomes, atReview: reviews.Count + 1); // throws before anything has changed
        }

        // The stories as told at this review become the plan's (each change also a line of the plan's history).
        if (storiesChanged.Contains(Review.FamilyStoryKey)) TellFamilyStory(familyStory!);
        if (storiesChanged.Any(k => k != Review.FamilyStoryKey)) TellChildStories(childStoriesNow!);

        baselineScores ??= [.. aspectScores];
        aspectScores.Clear();
        aspectScores.AddRange(input.Scores);
        var updated = lines.ToDictionary(l => l.Line.Id, l => l.Line with { IsClosed = l.Closed });
        for (var i = 0; i < planLines.Count; i++)
            if (updated.TryGetValue(planLines[i].Id, out var line)) planLines[i] = line;
        planLines.AddRange(lines.Where(l => l.IsNew).Select(l => l.Line with { IsClosed = l.Closed }));
        NextReview = input.NextStep == ReviewNextStep.ContinuePlan ? input.NextReview : NextReview.Empty;
        var meeting = input.MeetingDate!.Value;
        LastReviewUtc = TimeZoneInfo.ConvertTimeToUtc(meeting.ToDateTime(TimeOnly.MinValue), zone);

        var review = new Review(Guid.NewGuid(), reviews.Count + 1, meeting,
            [.. input.Attendees.Select(a => a with { Name = a.Name.Trim(), Role = string.IsNullOrWhiteSpace(a.Role) ? null : a.Role.Trim() })],
            [.. input.Scores], lines, string.IsNullOrWhiteSpace(input.Summary) ? null : input.Summary.Trim(), input.NextStep,
            input.NextStep == ReviewNextStep.ContinuePlan ? input.NextReview : NextReview.Empty,
            input.NextStep == ReviewNextStep.ClosePlan ? input.ClosureReasonCode : null,
            input.NextStep == ReviewNextStep.ClosePlan ? Closure?.OtherReason : null, userId, nowUtc,
            FamilyStory: input.FamilyStory is null ? null : FamilyStory, ChildStories: input.ChildStories is null ? null : [.. childStories],
            StoriesChanged: storiesChanged, Needs: reviewedNeeds);
        reviews.Add(review);
        // The closure (recorded by Close above) comes after the review in the plan's history.
        var closed = events.FindLastIndex(e => e is PlanClosed);
        events.Insert(closed < 0 ? events.Count : closed, new ReviewAdded(review.Number, meeting));
        return review;
    }

    /// <summary>
    /// The family's and children's stories as the review tells them (pre-filled from the plan, edited at the meeting), checked,
    /// and which of them differ from the plan's: "family" and/or children's keys. Empty stories count as none.
    /// </summary>
    private (FamilyStory? Family, List<ChildStory>? Children, List<string> Changed) ReviewedStories(ReviewInput input)
    {
        var changed = new List<string>();
        if (input.FamilyStory is { } family)
        {
            CheckLength(family.KeyEventsNow, "Key events happening now", TextLimits.Long);
            CheckLength(family.PastEvents, "Past events", TextLimits.Long);
            if (family != FamilyStory) changed.Add(Review.FamilyStoryKey);
        }
        List<ChildStory>? children = null;
        if (input.ChildStories is { } told)
        {
            static bool Empty(ChildStory s) => string.IsNullOrWhiteSpace(s.WorkingWell) && string.IsNullOrWhiteSpace(s.CouldBeBetter) && string.IsNullOrWhiteSpace(s.WhoTheyCanTalkTo);
            var focusKeys = FocusChildren.Select(c => c.Key).ToHashSet();
            if (told.Any(s => !focusKeys.Contains(s.ChildKey))) throw new DomainException("A child's story must belong to a focus child.");
            foreach (var s in told)
            {
                CheckLength(s.WorkingWell, "What is working well", TextLimits.Long);
                CheckLength(s.CouldBeBetter, "What could be better", TextLimits.Long);
                CheckLength(s.WhoTheyCanTalkTo, "Who they can talk to", TextLimits.Long);
            }
            children = told.Where(s => !Empty(s)).ToList();
            var before = childStories.Where(s => !Empty(s)).ToList();
            changed.AddRange(children.Select(s => s.ChildKey).Union(before.Select(s => s.ChildKey))
                .Where(key => children.FirstOrDefault(s => s.ChildKey == key) != before.FirstOrDefault(s => s.ChildKey == key)));
        }
        return (input.FamilyStory, children, changed);
    }

    private void CheckMeetingDate(DateOnly? meetingDate, DateOnly today, TimeZoneInfo zone)
    {
        if (meetingDate is not { } meeting) throw new DomainException("Enter the date of the review meeting.");
        if (meeting > today) throw new DomainException("The review meeting date cannot be in the future.");
        var completedOn = DayIn(CompletedUtc!.Value, zone);
        if (meeting < completedOn) throw new DomainException($"The review meeting cannot be before the plan was finished ({Long(completedOn)}).");
        if (LatestReview is { } previous && meeting < previous.MeetingDate)
            throw new DomainException($"The review meeting cannot be before the previous review ({Long(previous.MeetingDate)}).");
    }

    private static void CheckAttendees(IReadOnlyList<ReviewAttendee> attendees)
    {
        foreach (var a in attendees)
        {
            if (string.IsNullOrWhiteSpace(a.Name)) throw new DomainException("Each person at the review needs a name.");
            CheckLength(a.Name, "A name");
            CheckLength(a.Role, "A role");
        }
        if (!attendees.Any(a => !a.SentApologies)) throw new DomainException("Record who attended the review meeting.");
    }

    private static void CheckReviewScores(IReadOnlyList<AspectScore> scores, IReadOnlyCollection<string> activeAspectCodes)
    {
        foreach (var score in scores)
        {
            CheckScore(score.Score, score.AspectCode);
            if (score.NotApplicable && score.Score is not null) throw new DomainException("An aspect is either scored or N/A, not both.");
        }
        if (scores.Select(s => s.AspectCode).Distinct().Count() != scores.Count) throw new DomainException("Each aspect of life is scored once.");
        if (activeAspectCodes.Any(code => scores.FirstOrDefault(s => s.AspectCode == code) is not { IsAnswered: true }))
            throw new DomainException("Give every aspect of life a score from 1 to 10, or N/A.");
    }

    private List<ReviewLine> ReviewLines(ReviewInput input)
    {
        var open = OpenLines;
        var reviewed = input.Lines.ToDictionary(l => l.Line.Id);
        if (reviewed.Count != input.Lines.Count || open.Count != reviewed.Count || open.Any(l => !reviewed.ContainsKey(l.Id)))
            throw new DomainException("Every open line of the family plan needs its progress recorded.");
        var lines = new List<ReviewLine>();
        foreach (var before in open)
        {
            var r = reviewed[before.Id];
            if (r.Progress is null) throw new DomainException($"Record the progress on \"{Named(before.WhatNeedsToChange)}\": done, partly or not yet.");
            CheckLine(r.Line);
            lines.Add(new ReviewLine(r.Line with { IsClosed = false }, before.ScoreNow, r.Progress, IsNew: false, Closed: r.CloseLine));
        }
        foreach (var added in input.NewLines)
        {
            if (planLines.Any(l => l.Id == added.Id) || lines.Any(l => l.Line.Id == added.Id)) throw new DomainException("Each new line is added once.");
            CheckLine(added);
            lines.Add(new ReviewLine(added with { IsClosed = false }, null, null, IsNew: true, Closed: false));
        }
        return lines;
    }

    private static void CheckLine(PlanLine line)
    {
        if (!line.IsComplete) throw new DomainException("Every line of the family plan needs a focus area, what needs to change, what will be done, who, by when and a score.");
        CheckScore(line.ScoreNow, "Score now");
        CheckLength(line.WhatNeedsToChange, "What needs to change", TextLimits.Long);
        CheckLength(line.WhatWillBeDone, "What will be done", TextLimits.Long);
        CheckLength(line.Who, "Who will do it");
    }

    private static DateOnly DayIn(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    private static string Long(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
}
