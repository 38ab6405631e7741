using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;

namespace FspPortal.Tests.Domain.Plans;

[Trait("Category", "Unit")]
public sealed class PlanClose
{
    private static readonly string[] Reasons = ["needs-met", "other"];

    private static Plan Completed()
    {
        var plan = PlanBuilder.ReadyToFinish().Build();
        plan.Finish(PlanBuilder.Aspects, PlanBuilder.NowUtc, PlanBuilder.Today);
        return plan;
    }

    [Fact]
    public void The_coordinator_closes_an_open_plan_for_a_reason()
    {
        var plan = Completed();
        plan.Close("practitioner-1", "needs-met", null, Reasons, PlanBuilder.NowUtc, FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan));
        Assert.Equal(PlanStatus.Closed, plan.Status);
        Assert.Equal(new Closure("needs-met", null, PlanBuilder.NowUtc, "practitioner-1"), plan.Closure! with { Outcomes = null });
        Assert.Equal(Outcomes.EducationYes, plan.Closure!.Outcomes);
    }

    [Fact]
    public void Closing_needs_a_reason_from_the_list_and_words_for_other()
    {
        Assert.Throws<DomainException>(() => Completed().Close("practitioner-1", null, null, Reasons, PlanBuilder.NowUtc));
        Assert.Throws<DomainException>(() => Completed().Close("practitioner-1", "made-up", null, Reasons, PlanBuilder.NowUtc));
        Assert.Throws<DomainException>(() => Completed().Close("practitioner-1", "other", "  ", Reasons, PlanBuilder.NowUtc));
    }

    [Fact]
    public void Closing_twice_is_refused()
    {
        var plan = Completed();
        plan.Close("practitioner-1", "needs-met", null, Reasons, PlanBuilder.NowUtc, FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan));
        Assert.Equal("This plan is already closed.", Assert.Throws<DomainException>(() => plan.Close("practitioner-1", "needs-met", null, Reasons, PlanBuilder.NowUtc, FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan))).Message);
    }

    [Fact]
    public void A_draft_cannot_be_closed() =>
        Assert.Throws<DomainException>(() => PlanBuilder.Draft().Close("practitioner-1", "needs-met", null, Reasons, PlanBuilder.NowUtc));

    [Fact]
    public void Only_a_coordinator_closes_or_reopens()
    {
        var plan = Completed();
        Assert.Throws<DomainException>(() => plan.Close("someone-else", "needs-met", null, Reasons, PlanBuilder.NowUtc, FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan)));
        plan.Close("practitioner-1", "needs-met", null, Reasons, PlanBuilder.NowUtc, FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan));
        Assert.Throws<DomainException>(() => plan.Reopen("someone-else", "Mistake"));
    }

    [Fact]
    public void Reopening_needs_a_reason_and_a_closed_plan()
    {
        var plan = Completed();
        Assert.Throws<DomainException>(() => plan.Reopen("practitioner-1", "Mistake"));
        plan.Close("practitioner-1", "needs-met", null, Reasons, PlanBuilder.NowUtc, FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan));
        Assert.Throws<DomainException>(() => plan.Reopen("practitioner-1", " "));
        plan.Reopen("practitioner-1", "Closed by mistake");
        Assert.Equal(PlanStatus.Completed, plan.Status);
    }
}
