using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;

namespace FspPortal.Tests.Domain.Plans;

/// <summary>Issue 17: the family's needs, progress at reviews, outcomes at closure and the 6-month check.</summary>
[Trait("Category", "Unit")]
public sealed class PlanOutcomesTests
{
    private static readonly string[] Reasons = ["needs-met", "other"];
    private const string Coordinator = "practitioner-1";

    /// <summary>Housing 2 and health 4 are low; education 5 is not; the one line's focus area is financial stability.</summary>
    private static Plan ReadyWithScores() => PlanBuilder.ReadyToFinish().With(p =>
    {
        p.ScoreAspects(PlanBuilder.Aspects.Select(code => code switch
        {
            "housing" => new AspectScore(code, 2, false),
            "health" => new AspectScore(code, 4, false),
            "education" => new AspectScore(code, 5, false),
            _ => new AspectScore(code, null, true),
        }));
        p.WriteSummaryAndPlan("Summary", [PlanBuilder.Line("financial")]);
    }).Build();

    private static Plan Finished()
    {
        var plan = ReadyWithScores();
        plan.Finish(PlanBuilder.Aspects, PlanBuilder.NowUtc, PlanBuilder.Today);
        return plan;
    }

    private static Plan ClosedWith(params ProgressAtClosure[] progress)
    {
        var plan = Finished();
        plan.Close(Coordinator, "needs-met", null, Reasons, PlanBuilder.NowUtc,
            [.. plan.Needs.Select((code, i) => new NeedOutcome(code, progress[i], progress[i] == ProgressAtClosure.No ? null : "Tenancy signed"))]);
        return plan;
    }

    private static DateTime SixMonthsOn => PlanBuilder.NowUtc.AddMonths(6);

    [Fact]
    public void Needs_are_preselected_from_the_aspects_scored_4_or_lower_and_the_family_plans_focus_areas()
    {
        var plan = ReadyWithScores();
        Assert.Equal(["health", "housing", "financial"], plan.SuggestedNeeds());
        Assert.False(plan.NeedsChosen);
        plan.Finish(PlanBuilder.Aspects, PlanBuilder.NowUtc, PlanBuilder.Today);
        Assert.Equal(["health", "housing", "financial"], plan.Needs); // nobody chose: the pre-selection stands
    }

    [Fact]
    public void The_practitioner_changes_the_needs_and_must_keep_at_least_one()
    {
        var plan = ReadyWithScores();
        plan.ChooseNeeds(["housing", "education"], PlanBuilder.Aspects);
        plan.Finish(PlanBuilder.Aspects, PlanBuilder.NowUtc, PlanBuilder.Today);
        Assert.Equal(["housing", "education"], plan.Needs);

        var none = ReadyWithScores();
        none.ChooseNeeds([], PlanBuilder.Aspects); // a draft may be saved so
        var refused = Assert.Throws<DomainException>(() => none.Finish(PlanBuilder.Aspects, PlanBuilder.NowUtc, PlanBuilder.Today));
        Assert.Contains("step 9: at least one of the family's needs", refused.Message);
        Assert.Equal(PlanStatus.Draft, none.Status);
        Assert.Empty(none.Needs);

        Assert.Equal("Choose at least one of the family's needs.", Assert.Throws<DomainException>(() => plan.ChooseNeeds([], PlanBuilder.Aspects)).Message);
        Assert.Throws<DomainException>(() => plan.ChooseNeeds(["made-up"], PlanBuilder.Aspects));
        plan.TakeEvents();
        plan.ChooseNeeds(["housing"], PlanBuilder.Aspects);
        Assert.Equal([PlanSections.Needs], Assert.IsType<PlanSectionsEdited>(Assert.Single(plan.TakeEvents())).Sections); // a line of the plan's history
    }

    [Fact]
    public void Closing_needs_an_answer_for_every_need_and_evidence_where_progress_is_claimed()
    {
        var plan = Finished();
        Assert.Contains("Say for each of the family's needs", Assert.Throws<DomainException>(() => plan.Close(Coordinator, "needs-met", null, Reasons, PlanBuilder.NowUtc)).Message);
        Assert.Throws<DomainException>(() => plan.Close(Coordinator, "needs-met", null, Reasons, PlanBuilder.NowUtc,
            [new NeedOutcome("health", ProgressAtClosure.Yes, "GP reports"), new NeedOutcome("housing", ProgressAtClosure.No, null)])); // financial missing
        Assert.Equal("Give the evidence for each need where the family made progress (yes or partly).", Assert.Throws<DomainException>(() =>
            plan.Close(Coordinator, "needs-met", null, Reasons, PlanBuilder.NowUtc,
                [new NeedOutcome("health", ProgressAtClosure.Partly, " "), new NeedOutcome("housing", ProgressAtClosure.No, null), new NeedOutcome("financial", ProgressAtClosure.No, null)])).Message);
        Assert.Equal(PlanStatus.Completed, plan.Status); // nothing changed

        plan.Close(Coordinator, "needs-met", null, Reasons, PlanBuilder.NowUtc,
            [new NeedOutcome("health", ProgressAtClosure.Partly, " GP reports fewer visits "), new NeedOutcome("housing", ProgressAtClosure.Yes, "Tenancy signed"), new NeedOutcome("financial", ProgressAtClosure.No, null)]);
        Assert.Equal("GP reports fewer visits", plan.Closure!.Outcomes![0].Evidence);
        Assert.Equal(["health", "housing"], plan.NeedsToCheck);
    }

    [Fact]
    public void A_review_records_progress_on_every_need()
    {
        var plan = Finished();
        var meeting = Reviews.Day(Reviews.SixWeeksOn);
        var without = Reviews.Unchanged(plan, meeting) with { Needs = [new NeedReviewed("health", NeedProgress.Improving)] };
        Assert.Equal("Record the progress on each of the family's needs.", Assert.Throws<DomainException>(() => Reviews.Add(plan, without)).Message);
        Assert.Empty(plan.Reviews);
        var review = Reviews.Add(plan, Reviews.Unchanged(plan, meeting) with
        {
            Needs = [new NeedReviewed("health", NeedProgress.Improving), new NeedReviewed("housing", NeedProgress.Worse), new NeedReviewed("financial", NeedProgress.NoChange)],
        });
        Assert.Equal(NeedProgress.Worse, review.Needs!.Single(n => n.OutcomeCode == "housing").Progress);
    }

    [Fact]
    public void The_6_month_check_is_due_six_months_after_a_closure_with_progress_claimed_and_is_recorded_once()
    {
        var plan = ClosedWith(ProgressAtClosure.Partly, ProgressAtClosure.Yes, ProgressAtClosure.No);
        Assert.Equal(PlanBuilder.Today.AddMonths(6), plan.SustainedCheckDueOn(Reviews.London));
        var answers = new[] { new NeedSustained("health", true), new NeedSustained("housing", false) };

        Assert.StartsWith("The 6-month check is due on 2 May 2027", Assert.Throws<DomainException>(() =>
            plan.RecordSustainedCheck(Coordinator, answers, null, SixMonthsOn.AddDays(-1), Reviews.London)).Message);
        Assert.Throws<DomainException>(() => plan.RecordSustainedCheck("someone-else", answers, null, SixMonthsOn, Reviews.London));
        Assert.Equal("Say for each need whether the progress was sustained.", Assert.Throws<DomainException>(() =>
            plan.RecordSustainedCheck(Coordinator, [answers[0]], null, SixMonthsOn, Reviews.London)).Message);
        Assert.Throws<DomainException>(() => plan.RecordSustainedCheck(Coordinator, [.. answers, new NeedSustained("financial", true)], null, SixMonthsOn, Reviews.London));

        plan.TakeEvents();
        plan.RecordSustainedCheck(Coordinator, answers, " Still in the flat ", SixMonthsOn, Reviews.London);
        Assert.Equal([new SustainedCheckRecorded(1, 2)], plan.TakeEvents());
        Assert.Equal("Still in the flat", plan.Closure!.Sustained!.Note);
        Assert.Null(plan.SustainedCheckOwedOn(Reviews.London));
        Assert.Equal("The 6-month check has already been recorded.", Assert.Throws<DomainException>(() =>
            plan.RecordSustainedCheck(Coordinator, answers, null, SixMonthsOn.AddDays(1), Reviews.London)).Message);
    }

    [Fact]
    public void There_is_no_6_month_check_without_progress_claimed_nor_on_an_open_plan()
    {
        var noProgress = ClosedWith(ProgressAtClosure.No, ProgressAtClosure.No, ProgressAtClosure.No);
        Assert.Null(noProgress.SustainedCheckDueOn(Reviews.London));
        Assert.Equal("No progress was claimed when this plan was closed, so there is no 6-month check.", Assert.Throws<DomainException>(() =>
            noProgress.RecordSustainedCheck(Coordinator, [], null, SixMonthsOn, Reviews.London)).Message);

        var open = Finished();
        Assert.Null(open.SustainedCheckDueOn(Reviews.London));
        Assert.Throws<DomainException>(() => open.RecordSustainedCheck(Coordinator, [new NeedSustained("health", true)], null, SixMonthsOn, Reviews.London));

        var reopened = ClosedWith(ProgressAtClosure.Yes, ProgressAtClosure.Yes, ProgressAtClosure.Yes);
        reopened.Reopen(Coordinator, "Closed too soon");
        Assert.Null(reopened.SustainedCheckDueOn(Reviews.London)); // a new closure owes its own check
        Assert.Throws<DomainException>(() => reopened.RecordSustainedCheck(Coordinator, [new NeedSustained("health", true)], null, SixMonthsOn, Reviews.London));
    }

    [Fact]
    public void A_closed_plan_keeps_its_needs_and_anonymisation_keeps_the_outcomes_but_not_their_words()
    {
        var plan = ClosedWith(ProgressAtClosure.Partly, ProgressAtClosure.Yes, ProgressAtClosure.No);
        Assert.Equal("This plan is closed: reopen it to change the family's needs.", Assert.Throws<DomainException>(() => plan.ChooseNeeds(["housing"], PlanBuilder.Aspects)).Message);
        plan.RecordSustainedCheck(Coordinator, [new NeedSustained("health", true), new NeedSustained("housing", true)], "Seen at the hub", SixMonthsOn, Reviews.London);
        plan.Anonymise("retention rule", SixMonthsOn.AddYears(7));
        Assert.Equal(["health", "housing", "financial"], plan.Needs);
        Assert.Equal([ProgressAtClosure.Partly, ProgressAtClosure.Yes, ProgressAtClosure.No], plan.Closure!.Outcomes!.Select(o => o.Progress));
        Assert.All(plan.Closure.Outcomes!, o => Assert.Null(o.Evidence));
        Assert.Null(plan.Closure.Sustained!.Note);
        Assert.All(plan.Closure.Sustained.Needs, n => Assert.True(n.Sustained));
    }

    [Fact]
    public void Needs_and_outcomes_survive_storage()
    {
        var plan = ClosedWith(ProgressAtClosure.Partly, ProgressAtClosure.Yes, ProgressAtClosure.No);
        var copy = Plan.FromState(System.Text.Json.JsonSerializer.Deserialize<PlanState>(System.Text.Json.JsonSerializer.Serialize(plan.ToState()))!);
        Assert.Equal(plan.Needs, copy.Needs);
        Assert.Equal(plan.Closure!.Outcomes, copy.Closure!.Outcomes);
        Assert.Equal(plan.SustainedCheckDueOn(Reviews.London), copy.SustainedCheckDueOn(Reviews.London));
    }
}
