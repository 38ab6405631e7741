using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;

namespace FspPortal.Tests.Domain.Plans;

[Trait("Category", "Unit")]
public sealed class PlanFinish
{
    private static void Finish(Plan plan) => plan.Finish(PlanBuilder.Aspects, PlanBuilder.NowUtc, PlanBuilder.Today);

    [Fact]
    public void A_complete_draft_becomes_completed_at_that_time()
    {
        var plan = PlanBuilder.ReadyToFinish().Build();
        Finish(plan);
        Assert.Equal(PlanStatus.Completed, plan.Status);
        Assert.Equal(PlanBuilder.NowUtc, plan.CompletedUtc);
    }

    [Fact]
    public void An_empty_draft_lists_every_missing_section()
    {
        var missing = PlanBuilder.Draft().MissingForFinish(PlanBuilder.Aspects, PlanBuilder.Today);
        foreach (var step in new[] { "step 1", "step 2", "step 7", "step 8", "step 9" }) Assert.Contains(missing, m => m.StartsWith(step));
        Assert.Throws<DomainException>(() => Finish(PlanBuilder.Draft()));
    }

    [Fact]
    public void Every_active_aspect_must_be_scored_or_not_applicable()
    {
        var plan = PlanBuilder.ReadyToFinish().With(p => p.ScoreAspects(p.AspectScores.Skip(1))).Build();
        var error = Assert.Throws<DomainException>(() => Finish(plan));
        Assert.Contains("every aspect of life (1 missing)", error.Message);
    }

    [Fact]
    public void A_retired_aspect_is_not_required()
    {
        var plan = PlanBuilder.ReadyToFinish().With(p => p.ScoreAspects(p.AspectScores.Skip(1))).Build();
        plan.Finish(PlanBuilder.Aspects.Skip(1).ToList(), PlanBuilder.NowUtc, PlanBuilder.Today);
        Assert.Equal(PlanStatus.Completed, plan.Status);
    }

    [Fact]
    public void At_least_one_complete_plan_line_is_needed()
    {
        var plan = PlanBuilder.ReadyToFinish().With(p => p.WriteSummaryAndPlan("s", [])).Build();
        Assert.Contains("at least one complete line", Assert.Throws<DomainException>(() => Finish(plan)).Message);
    }

    [Fact]
    public void A_half_written_plan_line_stops_finishing()
    {
        var plan = PlanBuilder.ReadyToFinish().With(p => p.WriteSummaryAndPlan("s", [PlanBuilder.Line(), PlanBuilder.Line() with { Who = null }])).Build();
        Assert.Contains("every family plan line complete", Assert.Throws<DomainException>(() => Finish(plan)).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void The_next_review_must_be_in_the_future(int daysFromToday)
    {
        var plan = PlanBuilder.ReadyToFinish().With(p => p.SetFinishDetails("Smith", new NextReview(PlanBuilder.Today.AddDays(daysFromToday), null, null))).Build();
        Assert.Contains("next review date in the future", Assert.Throws<DomainException>(() => Finish(plan)).Message);
    }

    [Fact]
    public void Consent_must_be_given()
    {
        var plan = PlanBuilder.ReadyToFinish().With(p => p.RecordConsent(p.Consent with { AgreesToSharing = false }, p.Practitioner, PlanBuilder.Today)).Build();
        Assert.Contains("consent", Assert.Throws<DomainException>(() => Finish(plan)).Message);
    }

    [Fact]
    public void A_plan_is_finished_once()
    {
        var plan = PlanBuilder.ReadyToFinish().Build();
        Finish(plan);
        Assert.Throws<DomainException>(() => Finish(plan));
    }
}
