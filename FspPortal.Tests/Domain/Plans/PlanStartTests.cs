using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;

namespace FspPortal.Tests.Domain.Plans;

[Trait("Category", "Unit")]
public sealed class PlanStart
{
    [Fact]
    public void A_new_plan_is_a_draft_coordinated_by_its_creator()
    {
        var plan = Plan.StartDraft(Guid.NewGuid(), "u1", PlanBuilder.NowUtc);
        Assert.Equal(PlanStatus.Draft, plan.Status);
        Assert.Equal(new PlanMember("u1", PlanRole.Coordinator, true), Assert.Single(plan.Members));
    }

    [Fact]
    public void A_plan_needs_someone_to_start_it() =>
        Assert.Throws<DomainException>(() => Plan.StartDraft(Guid.NewGuid(), " ", PlanBuilder.NowUtc));

    [Fact]
    public void The_state_round_trips_unchanged()
    {
        var plan = PlanBuilder.ReadyToFinish().With(p => p.SetFamilyMembers([PlanBuilder.Child("Ethan", 7)], PlanBuilder.Today)).Build();
        var again = Plan.FromState(plan.ToState());
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(plan.ToState()), System.Text.Json.JsonSerializer.Serialize(again.ToState()));
    }
}
