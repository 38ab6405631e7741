using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;

namespace FspPortal.Tests.Domain.Plans;

/// <summary>The aggregate records what happened as it changes; storage audits exactly these events.</summary>
[Trait("Category", "Unit")]
public sealed class PlanEvents
{
    [Fact]
    public void A_new_draft_records_that_it_was_started_and_a_finish_that_it_was_finished()
    {
        var plan = PlanBuilder.Draft();
        Assert.Equal([new PlanStarted()], plan.TakeEvents());
        Assert.Empty(plan.Events); // taken once
    }

    [Fact]
    public void Editing_sections_records_one_event_naming_each_changed_section_once_and_never_their_content()
    {
        var plan = Reviews.Completed();
        plan.TakeEvents();

        plan.WriteSummaryAndPlan("Mum has started the parenting course.", [.. plan.PlanLines, PlanBuilder.Line("housing")]);
        plan.SetFamilyMembers([PlanBuilder.Child("Ella Smith", 6)], PlanBuilder.Today);
        plan.WriteSummaryAndPlan("Mum has started the parenting course.", plan.PlanLines); // the same again: no new section

        var edited = Assert.IsType<PlanSectionsEdited>(Assert.Single(plan.TakeEvents()));
        Assert.Equal([PlanSections.Summary, PlanSections.FamilyPlan, PlanSections.FamilyMembers], edited.Sections);
        Assert.DoesNotContain(edited.ToString(), "parenting course");
    }

    [Fact]
    public void Saving_a_section_unchanged_records_nothing()
    {
        var plan = Reviews.Completed();
        plan.TakeEvents();
        plan.TellFamilyStory(plan.FamilyStory);
        plan.ScoreAspects(plan.AspectScores.ToList());
        plan.SetFinishDetails(plan.FamilyName, plan.NextReview);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void A_refused_change_records_nothing()
    {
        var plan = Reviews.Completed();
        plan.TakeEvents();
        Assert.Throws<DomainException>(() => plan.Close("someone-else", "needs-met", null, Reviews.ClosureReasons, PlanBuilder.NowUtc, FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan)));
        Assert.Throws<DomainException>(() => plan.RecordDocumentDeleted("stranger", Guid.NewGuid(), "minutes.pdf", "practitioner-1"));
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void Closing_at_a_review_records_the_review_then_the_closure_at_that_review()
    {
        var plan = Reviews.Completed();
        plan.TakeEvents();
        var input = Reviews.Unchanged(plan, Reviews.Day(Reviews.SixWeeksOn)) with
        {
            NextStep = ReviewNextStep.ClosePlan, ClosureReasonCode = "needs-met", NextReview = NextReview.Empty, Outcomes = Outcomes.EducationYes,
        };
        Reviews.Add(plan, input);
        var events = plan.TakeEvents();
        Assert.Equal([new ReviewAdded(1, Reviews.Day(Reviews.SixWeeksOn)), new PlanClosed("needs-met", null, AtReview: 1)], [events[0], ((PlanClosed)events[1]) with { Outcomes = null }]);
        Assert.Equal(Outcomes.EducationYes, ((PlanClosed)events[1]).Outcomes);
    }

    [Fact]
    public void Sharing_records_who_was_attached_asked_removed_and_what_became_of_a_waiting_transfer()
    {
        var plan = Reviews.Completed();
        plan.TakeEvents();
        plan.Attach("practitioner-1", "bea", true);
        var transfer = plan.RequestTransfer(Guid.NewGuid(), "practitioner-1", new SharingCandidate("tom", "tom", "", true), TransferMode.HandOver, "  New school ", PlanBuilder.NowUtc);
        plan.Detach("practitioner-1", "bea");
        plan.Attach("practitioner-1", "tom", true);
        plan.Detach("tom", "tom"); // tom leaves: the transfer waiting for him is withdrawn

        Assert.Equal([
            new MemberAttached("bea"),
            new TransferRequested(transfer.Id, "tom", TransferMode.HandOver, "New school"),
            new MemberDetached("bea"),
            new MemberAttached("tom"),
            new MemberLeft(),
            new TransferWithdrawn(transfer.Id, "tom", BecauseSomeoneLeft: true),
        ], plan.TakeEvents());
    }

    [Fact]
    public void A_document_may_be_deleted_by_whoever_added_it_or_a_coordinator()
    {
        var plan = Reviews.Completed();
        plan.Attach("practitioner-1", "bea", true);
        plan.TakeEvents();
        var id = Guid.NewGuid();
        plan.RecordDocumentAdded("bea", id, "minutes.pdf", "PDF", 1024);
        Assert.Throws<DomainException>(() => plan.RecordDocumentDeleted("bea", Guid.NewGuid(), "other.pdf", "practitioner-1"));
        plan.RecordDocumentDeleted("practitioner-1", id, "minutes.pdf", "bea");
        Assert.Equal([new DocumentAdded(id, "minutes.pdf", "PDF", 1024), new DocumentDeleted(id, "minutes.pdf")], plan.TakeEvents());
    }
}
