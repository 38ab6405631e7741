using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;

namespace FspPortal.Tests.Domain.Plans;

internal static class Sharing
{
    public const string Coordinator = "practitioner-1";
    public static Plan Completed()
    {
        var plan = PlanBuilder.ReadyToFinish().Build();
        plan.Finish(PlanBuilder.Aspects, PlanBuilder.NowUtc, PlanBuilder.Today);
        return plan;
    }

    /// <summary>Attaches a user with no name or agency of note (the family's list is tested on its own).</summary>
    public static void Attach(this Plan plan, string actor, string userId, bool userAccountIsActive = true) =>
        plan.AttachMember(actor, new SharingCandidate(userId, userId, "", userAccountIsActive), null, PlanBuilder.NowUtc);

    public static TransferRequest Ask(this Plan plan, string to, TransferMode mode = TransferMode.HandOver, string from = Coordinator) =>
        plan.RequestTransfer(Guid.NewGuid(), from, new SharingCandidate(to, to, "", true), mode, "Moving to a new school", PlanBuilder.NowUtc);
}

[Trait("Category", "Unit")]
public sealed class PlanAttach
{
    [Fact]
    public void A_user_on_the_plan_attaches_a_team_member_at_once()
    {
        var plan = Sharing.Completed();
        plan.Attach(Sharing.Coordinator, "taf-1", true);
        Assert.Contains(new PlanMember("taf-1", PlanRole.TeamAroundFamily, true), plan.Members);
    }

    [Fact]
    public void Strangers_cannot_attach_and_deactivated_or_present_users_cannot_be_attached()
    {
        var plan = Sharing.Completed();
        Assert.Throws<DomainException>(() => plan.Attach("stranger", "taf-1", true));
        Assert.Throws<DomainException>(() => plan.Attach(Sharing.Coordinator, "taf-1", false));
        plan.Attach(Sharing.Coordinator, "taf-1", true);
        Assert.Throws<DomainException>(() => plan.Attach(Sharing.Coordinator, "taf-1", true));
    }

    [Fact]
    public void A_former_member_can_be_attached_again()
    {
        var plan = Sharing.Completed();
        plan.Attach(Sharing.Coordinator, "taf-1", true);
        plan.Detach("taf-1", "taf-1");
        plan.Attach(Sharing.Coordinator, "taf-1", true);
        Assert.Single(plan.Members, m => m.UserId == "taf-1" && m.IsActive);
    }
}

[Trait("Category", "Unit")]
public sealed class PlanTransfer
{
    [Fact]
    public void Yes_to_a_hand_over_makes_the_recipient_coordinator_and_the_requester_a_team_member()
    {
        var plan = Sharing.Completed();
        var request = plan.Ask("next-coordinator");
        Assert.False(plan.IsActiveMember("next-coordinator")); // nothing changes until they say Yes

        plan.DecideTransfer(request.Id, "next-coordinator", authorise: true, null, PlanBuilder.NowUtc);

        Assert.True(plan.IsActiveCoordinator("next-coordinator"));
        Assert.Contains(new PlanMember(Sharing.Coordinator, PlanRole.TeamAroundFamily, true), plan.Members);
        Assert.Null(plan.PendingTransfer);
    }

    [Fact]
    public void Yes_to_shared_coordination_leaves_two_coordinators()
    {
        var plan = Sharing.Completed();
        plan.DecideTransfer(plan.Ask("co", TransferMode.ShareCoordination).Id, "co", true, null, PlanBuilder.NowUtc);
        Assert.True(plan.IsActiveCoordinator("co"));
        Assert.True(plan.IsActiveCoordinator(Sharing.Coordinator));
    }

    [Fact]
    public void No_changes_nothing_and_keeps_the_reason()
    {
        var plan = Sharing.Completed();
        var decided = plan.DecideTransfer(plan.Ask("busy").Id, "busy", false, "My caseload is full", PlanBuilder.NowUtc);
        Assert.Equal(TransferStatus.Declined, decided.Status);
        Assert.Equal("My caseload is full", decided.DeclineReason);
        Assert.Equal([new PlanMember(Sharing.Coordinator, PlanRole.Coordinator, true)], plan.Members);
    }

    [Fact]
    public void Only_one_transfer_may_wait_at_a_time()
    {
        var plan = Sharing.Completed();
        plan.Ask("first");
        Assert.Contains("already has a transfer waiting", Assert.Throws<DomainException>(() => plan.Ask("second")).Message);
    }

    [Fact]
    public void Not_to_a_deactivated_user_nor_to_the_current_coordinator_nor_by_a_non_coordinator()
    {
        var plan = Sharing.Completed();
        Assert.Throws<DomainException>(() => plan.RequestTransfer(Guid.NewGuid(), Sharing.Coordinator, new SharingCandidate("gone", "gone", "", false), TransferMode.HandOver, null, PlanBuilder.NowUtc));
        Assert.Throws<DomainException>(() => plan.Ask(Sharing.Coordinator));
        plan.Attach(Sharing.Coordinator, "taf-1", true);
        Assert.Throws<DomainException>(() => plan.Ask("someone", from: "taf-1"));
    }

    [Fact]
    public void Only_the_recipient_decides_and_only_once()
    {
        var plan = Sharing.Completed();
        var request = plan.Ask("next");
        Assert.Throws<DomainException>(() => plan.DecideTransfer(request.Id, Sharing.Coordinator, true, null, PlanBuilder.NowUtc));
        plan.DecideTransfer(request.Id, "next", true, null, PlanBuilder.NowUtc);
        Assert.Throws<DomainException>(() => plan.DecideTransfer(request.Id, "next", false, null, PlanBuilder.NowUtc));
    }

    [Fact]
    public void The_requester_may_withdraw_a_waiting_request_and_then_ask_again()
    {
        var plan = Sharing.Completed();
        var request = plan.Ask("next");
        Assert.Throws<DomainException>(() => plan.WithdrawTransfer(request.Id, "next", PlanBuilder.NowUtc));
        plan.WithdrawTransfer(request.Id, Sharing.Coordinator, PlanBuilder.NowUtc);
        Assert.Throws<DomainException>(() => plan.DecideTransfer(request.Id, "next", true, null, PlanBuilder.NowUtc));
        plan.Ask("other");
        Assert.Equal("other", plan.PendingTransfer!.ToUserId);
    }

    [Fact]
    public void Transfers_survive_storage() =>
        Assert.Single(Plan.FromState(WithRequest().ToState()).Transfers);

    private static Plan WithRequest() { var plan = Sharing.Completed(); plan.Ask("next"); return plan; }
}

[Trait("Category", "Unit")]
public sealed class PlanDetach
{
    [Fact]
    public void A_plan_never_loses_its_last_active_coordinator()
    {
        var plan = Sharing.Completed();
        Assert.Contains("must always have an active coordinator", Assert.Throws<DomainException>(() => plan.Detach(Sharing.Coordinator, Sharing.Coordinator)).Message);
        Assert.Contains("only coordinator", Assert.Throws<DomainException>(() => plan.StepDown(Sharing.Coordinator)).Message);
    }

    [Fact]
    public void A_team_member_leaves_by_unticking_their_own_line()
    {
        var plan = Sharing.Completed();
        plan.Attach(Sharing.Coordinator, "taf-1", true);
        plan.Detach("taf-1", "taf-1");
        Assert.False(plan.IsActiveMember("taf-1"));
    }

    [Fact]
    public void Only_a_coordinator_detaches_someone_else()
    {
        var plan = Sharing.Completed();
        plan.Attach(Sharing.Coordinator, "taf-1", true);
        plan.Attach(Sharing.Coordinator, "taf-2", true);
        Assert.Throws<DomainException>(() => plan.Detach("taf-1", "taf-2"));
        plan.Detach(Sharing.Coordinator, "taf-2");
        Assert.False(plan.IsActiveMember("taf-2"));
    }

    [Fact]
    public void A_co_coordinator_may_step_down_or_leave_while_another_remains()
    {
        var plan = Sharing.Completed();
        plan.DecideTransfer(plan.Ask("co", TransferMode.ShareCoordination).Id, "co", true, null, PlanBuilder.NowUtc);
        plan.StepDown(Sharing.Coordinator);
        Assert.Contains(new PlanMember(Sharing.Coordinator, PlanRole.TeamAroundFamily, true), plan.Members);
        Assert.Throws<DomainException>(() => plan.Detach("co", "co")); // now the only coordinator
    }

    [Fact]
    public void Leaving_withdraws_a_transfer_waiting_for_you()
    {
        var plan = Sharing.Completed();
        plan.Attach(Sharing.Coordinator, "taf-1", true);
        var request = plan.Ask("taf-1");
        plan.Detach("taf-1", "taf-1");
        Assert.Null(plan.PendingTransfer);
        Assert.Throws<DomainException>(() => plan.DecideTransfer(request.Id, "taf-1", true, null, PlanBuilder.NowUtc));
    }
}
