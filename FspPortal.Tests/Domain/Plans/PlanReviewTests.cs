using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;

namespace FspPortal.Tests.Domain.Plans;

/// <summary>Builds reviews of a plan finished on <see cref="PlanBuilder.Today"/>.</summary>
internal static class Reviews
{
    public static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    public static readonly string[] ClosureReasons = ["needs-met", "other"];
    public static readonly DateTime SixWeeksOn = PlanBuilder.NowUtc.AddDays(42);

    public static Plan Completed()
    {
        var plan = PlanBuilder.ReadyToFinish().Build();
        plan.Finish(PlanBuilder.Aspects, PlanBuilder.NowUtc, PlanBuilder.Today);
        return plan;
    }

    /// <summary>The current plan carried over unchanged: every open line "partly", the same scores, next review in 6 weeks.</summary>
    public static ReviewInput Unchanged(Plan plan, DateOnly meeting) => new(
        meeting, [new ReviewAttendee("Jane Smith", "Mum", false)], [.. plan.AspectScores],
        [.. plan.OpenLines.Select(l => new ReviewedLine(l, LineProgress.Partly, false))], [], "Going well.",
        ReviewNextStep.ContinuePlan, new NextReview(meeting.AddDays(42), new TimeOnly(10, 0), "Oak Primary"), null, null,
        Needs: Outcomes.Reviewed(plan));

    public static Review Add(Plan plan, ReviewInput input, DateTime? nowUtc = null, string userId = "practitioner-1") =>
        plan.AddReview(userId, input, PlanBuilder.Aspects, ClosureReasons, nowUtc ?? SixWeeksOn, London);

    public static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(utc);
}

[Trait("Category", "Unit")]
public sealed class PlanReviewAdd
{
    [Fact]
    public void A_review_updates_scores_lines_next_review_and_the_review_clock()
    {
        var plan = Reviews.Completed();
        var meeting = Reviews.Day(Reviews.SixWeeksOn);
        var line = plan.OpenLines[0];
        var aspect = PlanBuilder.Aspects.ElementAt(1);
        var input = Reviews.Unchanged(plan, meeting) with
        {
            Scores = [.. plan.AspectScores.Select(s => s.AspectCode == aspect ? new AspectScore(aspect, 8, false) : s)],
            Lines = [new ReviewedLine(line with { ScoreNow = 9 }, LineProgress.Done, CloseLine: true)],
            NewLines = [PlanBuilder.Line("health")],
        };

        var review = Reviews.Add(plan, input);

        Assert.Equal(1, review.Number);
        Assert.Equal(8, plan.AspectScores.Single(s => s.AspectCode == aspect).Score);
        Assert.Equal(5, plan.BaselineScores.Single(s => s.AspectCode == aspect).Score);
        Assert.True(plan.PlanLines.Single(l => l.Id == line.Id).IsClosed);
        Assert.Equal("health", Assert.Single(plan.OpenLines).FocusAreaCode);
        Assert.Equal(new ReviewLine(line with { ScoreNow = 9 }, 4, LineProgress.Done, false, true), review.Lines[0]);
        Assert.Equal(meeting.AddDays(42), plan.NextReview.Date);
        Assert.Equal(new DateTime(2026, 12, 14, 0, 0, 0, DateTimeKind.Utc), plan.LastReviewUtc); // midnight in London (GMT in December)
        Assert.Equal(plan.LastReviewUtc, plan.ReviewClockStartUtc);
        Assert.Equal(PlanStatus.Completed, plan.Status);
    }

    [Fact]
    public void The_next_review_starts_from_the_latest_scores_and_lines_not_the_baseline()
    {
        var plan = Reviews.Completed();
        var aspect = PlanBuilder.Aspects.ElementAt(1);
        var first = Reviews.Unchanged(plan, Reviews.Day(Reviews.SixWeeksOn));
        Reviews.Add(plan, first with { Scores = [.. plan.AspectScores.Select(s => s.AspectCode == aspect ? s with { Score = 7 } : s)] });

        var second = Reviews.Unchanged(plan, Reviews.Day(Reviews.SixWeeksOn.AddDays(20)));
        Assert.Equal(7, second.Scores.Single(s => s.AspectCode == aspect).Score);
        Reviews.Add(plan, second, Reviews.SixWeeksOn.AddDays(20));

        var timeline = plan.ScoreTimeline(Reviews.London);
        Assert.Equal(["Baseline", "Review 1", "Review 2"], timeline.Select(p => p.Label));
        Assert.Equal([5, 7, 7], timeline.Select(p => p.Scores.Single(s => s.AspectCode == aspect).Score));
        Assert.Equal(PlanBuilder.Today, timeline[0].Date);
    }

    [Fact]
    public void Closing_at_a_review_is_the_same_closure_as_the_status_control()
    {
        var plan = Reviews.Completed();
        var input = Reviews.Unchanged(plan, Reviews.Day(Reviews.SixWeeksOn)) with
        {
            NextStep = ReviewNextStep.ClosePlan, ClosureReasonCode = "other", ClosureOther = "Family asked to stop", NextReview = NextReview.Empty,
            Outcomes = Outcomes.Claimed(plan, ProgressAtClosure.No),
        };
        var review = Reviews.Add(plan, input);
        Assert.Equal(PlanStatus.Closed, plan.Status);
        Assert.Equal(new Closure("other", "Family asked to stop", Reviews.SixWeeksOn, "practitioner-1"), plan.Closure! with { Outcomes = null });
        Assert.Equal([new NeedOutcome("education", ProgressAtClosure.No, null)], plan.Closure!.Outcomes);
        Assert.Equal("Family asked to stop", review.ClosureOther);
        Assert.Null(plan.NextReview.Date);
    }

    [Fact]
    public void A_review_that_closes_needs_a_reason_and_the_coordinator_and_changes_nothing_when_refused()
    {
        var plan = Reviews.Completed();
        plan.Attach("practitioner-1", "taf-1", true);
        var closing = Reviews.Unchanged(plan, Reviews.Day(Reviews.SixWeeksOn)) with { NextStep = ReviewNextStep.ClosePlan };
        Assert.Equal("Choose why the plan is being closed.", Assert.Throws<DomainException>(() => Reviews.Add(plan, closing)).Message);
        Assert.Throws<DomainException>(() => Reviews.Add(plan, closing with { ClosureReasonCode = "needs-met", Outcomes = Outcomes.EducationYes }, userId: "taf-1"));
        Assert.Empty(plan.Reviews);
        Assert.Equal(PlanStatus.Completed, plan.Status);
        Assert.Null(plan.LastReviewUtc);
    }
}

[Trait("Category", "Unit")]
public sealed class PlanReviewRules
{
    [Fact]
    public void Only_a_completed_open_plan_can_be_reviewed()
    {
        var draft = PlanBuilder.ReadyToFinish().Build();
        Assert.Equal("A review can only be added to a finished plan.",
            Assert.Throws<DomainException>(() => Reviews.Add(draft, Reviews.Unchanged(draft, Reviews.Day(Reviews.SixWeeksOn)))).Message);

        var closed = Reviews.Completed();
        closed.Close("practitioner-1", "needs-met", null, Reviews.ClosureReasons, PlanBuilder.NowUtc, FspPortal.Tests.Domain.Plans.Outcomes.Claimed(closed));
        Assert.Equal("This plan is closed: reopen it before adding a review.",
            Assert.Throws<DomainException>(() => Reviews.Add(closed, Reviews.Unchanged(closed, Reviews.Day(Reviews.SixWeeksOn)))).Message);
    }

    [Fact]
    public void A_stranger_cannot_add_a_review()
    {
        var plan = Reviews.Completed();
        Assert.Throws<DomainException>(() => Reviews.Add(plan, Reviews.Unchanged(plan, Reviews.Day(Reviews.SixWeeksOn)), userId: "stranger"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(-1)]
    public void Scores_are_1_to_10(int score)
    {
        var plan = Reviews.Completed();
        var input = Reviews.Unchanged(plan, Reviews.Day(Reviews.SixWeeksOn));
        input = input with { Scores = [.. input.Scores.Select((s, i) => i == 1 ? new AspectScore(s.AspectCode, score, false) : s)] };
        Assert.Throws<DomainException>(() => Reviews.Add(plan, input));
    }

    [Fact]
    public void Every_aspect_is_scored_or_NA()
    {
        var plan = Reviews.Completed();
        var input = Reviews.Unchanged(plan, Reviews.Day(Reviews.SixWeeksOn));
        Assert.Throws<DomainException>(() => Reviews.Add(plan, input with { Scores = [.. input.Scores.Skip(1)] }));
        Assert.Throws<DomainException>(() => Reviews.Add(plan, input with { Scores = [.. input.Scores.Select(s => new AspectScore(s.AspectCode, 5, true))] }));
        Reviews.Add(plan, input with { Scores = [.. input.Scores.Select(s => new AspectScore(s.AspectCode, null, true))] });
    }

    [Fact]
    public void The_meeting_is_not_before_completion_nor_the_previous_review_nor_in_the_future()
    {
        var plan = Reviews.Completed();
        Assert.Contains("before the plan was finished (2 November 2026)",
            Assert.Throws<DomainException>(() => Reviews.Add(plan, Reviews.Unchanged(plan, PlanBuilder.Today.AddDays(-1)))).Message);
        Assert.Throws<DomainException>(() => Reviews.Add(plan, Reviews.Unchanged(plan, Reviews.Day(Reviews.SixWeeksOn).AddDays(1))));
        Assert.Throws<DomainException>(() => Reviews.Add(plan, Reviews.Unchanged(plan, PlanBuilder.Today) with { MeetingDate = null }));

        Reviews.Add(plan, Reviews.Unchanged(plan, PlanBuilder.Today.AddDays(20)));
        Assert.Contains("before the previous review (22 November 2026)",
            Assert.Throws<DomainException>(() => Reviews.Add(plan, Reviews.Unchanged(plan, PlanBuilder.Today.AddDays(19)))).Message);
        Reviews.Add(plan, Reviews.Unchanged(plan, PlanBuilder.Today.AddDays(20))); // the same day is allowed
        Assert.Equal(2, plan.Reviews.Count);
    }

    [Fact]
    public void Someone_must_have_attended()
    {
        var plan = Reviews.Completed();
        var input = Reviews.Unchanged(plan, Reviews.Day(Reviews.SixWeeksOn));
        Assert.Throws<DomainException>(() => Reviews.Add(plan, input with { Attendees = [new ReviewAttendee("Dad", null, SentApologies: true)] }));
        Assert.Throws<DomainException>(() => Reviews.Add(plan, input with { Attendees = [new ReviewAttendee(" ", null, false)] }));
    }

    [Fact]
    public void Every_open_line_needs_its_progress()
    {
        var plan = Reviews.Completed();
        var input = Reviews.Unchanged(plan, Reviews.Day(Reviews.SixWeeksOn));
        Assert.Throws<DomainException>(() => Reviews.Add(plan, input with { Lines = [] }));
        Assert.Throws<DomainException>(() => Reviews.Add(plan, input with { Lines = [.. input.Lines.Select(l => l with { Progress = null })] }));
        Assert.Throws<DomainException>(() => Reviews.Add(plan, input with { NewLines = [PlanBuilder.Line() with { Who = null }] }));
    }

    [Fact]
    public void Continuing_keeps_a_line_open_and_a_next_review_in_the_future()
    {
        var plan = Reviews.Completed();
        var input = Reviews.Unchanged(plan, Reviews.Day(Reviews.SixWeeksOn));
        Assert.Throws<DomainException>(() => Reviews.Add(plan, input with { Lines = [.. input.Lines.Select(l => l with { CloseLine = true })] }));
        Assert.Throws<DomainException>(() => Reviews.Add(plan, input with { NextReview = new NextReview(Reviews.Day(Reviews.SixWeeksOn), null, null) }));
    }

    [Fact]
    public void The_stepper_keeps_lines_a_review_closed()
    {
        var plan = Reviews.Completed();
        var input = Reviews.Unchanged(plan, Reviews.Day(Reviews.SixWeeksOn));
        var closedLine = input.Lines[0].Line;
        Reviews.Add(plan, input with { Lines = [new ReviewedLine(closedLine, LineProgress.Done, true)], NewLines = [PlanBuilder.Line("health")] });

        plan.WriteSummaryAndPlan("Edited", [.. plan.OpenLines.Select(l => l with { Who = "Dad" })]);

        Assert.True(plan.PlanLines.Single(l => l.Id == closedLine.Id).IsClosed);
        Assert.Equal("Dad", Assert.Single(plan.OpenLines).Who);
    }

    [Fact]
    public void Reviews_survive_storage()
    {
        var plan = Reviews.Completed();
        Reviews.Add(plan, Reviews.Unchanged(plan, Reviews.Day(Reviews.SixWeeksOn)));
        var copy = Plan.FromState(System.Text.Json.JsonSerializer.Deserialize<PlanState>(System.Text.Json.JsonSerializer.Serialize(plan.ToState()))!);
        Assert.Single(copy.Reviews);
        Assert.Equal(plan.BaselineScores, copy.BaselineScores);
        Assert.Equal(plan.Reviews[0].Lines, copy.Reviews[0].Lines);
    }
}
