using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;

namespace FspPortal.Tests.Domain.Plans;

/// <summary>The family's "do not share with" list and consent withdrawn, enforced by the plan itself (issue 16).</summary>
[Trait("Category", "Unit")]
public sealed class PlanPrivacyTests
{
    private const string Coordinator = Sharing.Coordinator;
    private static readonly SharingCandidate Pat = new("pat", "Pat Jones", "Acme Housing Association", true);
    private static readonly SharingCandidate Sam = new("sam", "Sam Hughes", "Northgate School", true);
    private static readonly SharingCandidate Bea = new("bea", "Bea Next", "Family Hub", true);

    /// <summary>A finished plan whose family named Sam Hughes (picked from the roster) and Acme Housing (typed).</summary>
    private static Plan PlanWithWishes(params DoNotShareEntry[] entries)
    {
        var plan = Sharing.Completed();
        plan.RecordConsent(plan.Consent with
        {
            DoNotShareWith = entries.Length > 0 ? entries : [new(DoNotShareKind.Person, "Sam Hughes", UserId: "sam"), new(DoNotShareKind.Organisation, "Acme Housing", Note: "housing dispute")],
        }, plan.Practitioner, PlanBuilder.Today);
        plan.TakeEvents();
        return plan;
    }

    [Fact]
    public void A_person_the_family_named_is_refused_for_attaching_and_for_a_transfer_naming_the_familys_wish()
    {
        var plan = PlanWithWishes();
        var attach = Assert.Throws<DomainException>(() => plan.AttachMember(Coordinator, Sam, "They are the school's lead", PlanBuilder.NowUtc));
        Assert.Equal("The family asked that this plan is not shared with Sam Hughes. They cannot be added to it.", attach.Message);
        var transfer = Assert.Throws<DomainException>(() => plan.RequestTransfer(Guid.NewGuid(), Coordinator, Sam, TransferMode.HandOver, null, PlanBuilder.NowUtc, "reason"));
        Assert.Equal(attach.Message, transfer.Message);
        Assert.False(plan.IsActiveMember("sam"));
        Assert.Null(plan.PendingTransfer);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void Someone_from_a_listed_organisation_needs_the_coordinators_confirmation_with_a_reason()
    {
        var plan = PlanWithWishes();
        plan.Attach(Coordinator, "bea-id");
        var check = plan.CheckSharingWith(Pat);
        Assert.True(check.NeedsConfirmation);
        Assert.Contains("Acme Housing (organisation): housing dispute", check.ConfirmationMessage(Pat.FullName, Pat.Agency));

        // A team member cannot confirm; the coordinator must give a reason.
        Assert.Contains("Ask the plan's coordinator", Assert.Throws<DomainException>(() => plan.AttachMember("bea-id", Pat, "Needed", PlanBuilder.NowUtc)).Message);
        Assert.Contains("Give the reason", Assert.Throws<DomainException>(() => plan.AttachMember(Coordinator, Pat, "  ", PlanBuilder.NowUtc)).Message);
        Assert.False(plan.IsActiveMember("pat"));

        plan.TakeEvents();
        plan.AttachMember(Coordinator, Pat, " The family agreed at the meeting to the tenancy officer only ", PlanBuilder.NowUtc);
        Assert.True(plan.IsActiveMember("pat"));
        var confirmed = Assert.Single(plan.SharingOverrides);
        Assert.Equal(("pat", "Pat Jones", "The family agreed at the meeting to the tenancy officer only", Coordinator, PlanBuilder.NowUtc),
            (confirmed.UserId, confirmed.UserName, confirmed.Reason, confirmed.ConfirmedByUserId, confirmed.ConfirmedUtc));
        Assert.Equal(["Acme Housing"], confirmed.Entries);
        var events = plan.TakeEvents();
        Assert.Equal(2, events.Count);
        var overridden = Assert.IsType<FamilyWishOverridden>(events[0]);
        Assert.Equal(("pat", "The family agreed at the meeting to the tenancy officer only"), (overridden.UserId, overridden.Reason));
        Assert.Equal(new MemberAttached("pat"), events[1]);
    }

    [Fact]
    public void An_organisation_matches_an_agency_that_holds_its_words_in_order_whatever_the_case_spacing_or_punctuation()
    {
        var plan = PlanWithWishes(new DoNotShareEntry(DoNotShareKind.Organisation, "ACME  housing."));
        Assert.True(plan.CheckSharingWith(Pat with { Agency = "Acme Housing Association" }).NeedsConfirmation);
        Assert.True(plan.CheckSharingWith(Pat with { Agency = "acme-housing" }).NeedsConfirmation);
        Assert.False(plan.CheckSharingWith(Pat with { Agency = "Acme Homes" }).NeedsConfirmation);
        Assert.False(plan.CheckSharingWith(Pat with { Agency = "Macme Housing" }).NeedsConfirmation);
        Assert.False(plan.CheckSharingWith(Pat with { FullName = "Acme Housing", Agency = "School" }).NeedsConfirmation); // an organisation is not a person
    }

    [Fact]
    public void A_typed_person_needs_confirmation_for_a_namesake_and_an_entry_of_unknown_kind_matches_a_name_or_an_agency()
    {
        var plan = PlanWithWishes(new DoNotShareEntry(DoNotShareKind.Person, "bea  next"), new DoNotShareEntry(DoNotShareKind.PersonOrOrganisation, "Northgate School"));
        Assert.True(plan.CheckSharingWith(Bea).NeedsConfirmation);
        Assert.False(plan.CheckSharingWith(Bea).IsRefused); // a typed name may be a namesake: the coordinator says
        Assert.True(plan.CheckSharingWith(Sam).NeedsConfirmation); // Northgate School is Sam's agency
        Assert.True(plan.CheckSharingWith(new SharingCandidate("x", "Northgate School", "", true)).NeedsConfirmation);
        Assert.False(plan.CheckSharingWith(Pat).NeedsConfirmation);
    }

    [Fact]
    public void A_person_on_the_plan_cannot_be_listed_until_they_are_removed_and_the_same_entry_cannot_be_listed_twice()
    {
        var plan = Sharing.Completed();
        plan.Attach(Coordinator, "bea");
        var listed = Assert.Throws<DomainException>(() => plan.RecordConsent(plan.Consent with { DoNotShareWith = [new(DoNotShareKind.Person, "Bea Next", UserId: "bea")] },
            plan.Practitioner, PlanBuilder.Today));
        Assert.Contains("Bea Next is on this plan", listed.Message);
        Assert.Throws<DomainException>(() => plan.RecordConsent(plan.Consent with
        {
            DoNotShareWith = [new(DoNotShareKind.Organisation, "Acme Housing"), new(DoNotShareKind.Organisation, "acme housing")],
        }, plan.Practitioner, PlanBuilder.Today));
        Assert.Empty(plan.Consent.DoNotShareWith);
    }

    [Fact]
    public void Changing_the_list_after_the_plan_is_finished_is_recorded_with_counts_not_names_and_a_draft_is_not()
    {
        var draft = PlanBuilder.Draft();
        draft.TakeEvents();
        draft.RecordConsent(new ConsentRecord(true, [new(DoNotShareKind.Organisation, "Acme Housing")], "Jane", PlanBuilder.Today), PractitionerDetails.Empty, PlanBuilder.Today);
        Assert.DoesNotContain(draft.TakeEvents(), e => e is DoNotShareListChanged);

        var plan = PlanWithWishes();
        plan.RecordConsent(plan.Consent with { DoNotShareWith = [plan.Consent.DoNotShareWith[1], new(DoNotShareKind.Person, "Uncle Ray")] }, plan.Practitioner, PlanBuilder.Today);
        var events = plan.TakeEvents();
        Assert.Contains(new DoNotShareListChanged(Added: 1, Removed: 1, Now: 2), events);
        Assert.Contains(events, e => e is PlanSectionsEdited edited && edited.Sections.Contains(PlanSections.Consent));

        plan.RecordConsent(plan.Consent, plan.Practitioner, PlanBuilder.Today); // saved unchanged: nothing to record
        Assert.Empty(plan.TakeEvents());
    }

    [Fact]
    public void Consent_withdrawn_closes_the_plan_for_sharing_and_withdraws_a_waiting_transfer()
    {
        var plan = PlanWithWishes();
        plan.Attach(Coordinator, "bea");
        var transfer = plan.RequestTransfer(Guid.NewGuid(), Coordinator, Bea with { UserId = "bea" }, TransferMode.HandOver, null, PlanBuilder.NowUtc);
        plan.TakeEvents();

        plan.WithdrawConsent("bea", PlanBuilder.Today.AddDays(-1), " Mum phoned the school ", PlanBuilder.Today, PlanBuilder.NowUtc);

        Assert.Equal(new ConsentWithdrawal(PlanBuilder.Today.AddDays(-1), "bea", PlanBuilder.NowUtc, "Mum phoned the school"), plan.ConsentWithdrawn);
        Assert.Equal([new ConsentWithdrawnRecorded(PlanBuilder.Today.AddDays(-1), "Mum phoned the school", null),
            new TransferWithdrawn(transfer.Id, "bea", BecauseConsentWithdrawn: true)], plan.TakeEvents());
        Assert.Null(plan.PendingTransfer);
        var attach = Assert.Throws<DomainException>(() => plan.AttachMember(Coordinator, Bea with { UserId = "new" }, "reason", PlanBuilder.NowUtc));
        Assert.StartsWith("The family withdrew their consent to share on 01/11/2026", attach.Message);
        Assert.Throws<DomainException>(() => plan.RequestTransfer(Guid.NewGuid(), Coordinator, Bea with { UserId = "new" }, TransferMode.HandOver, null, PlanBuilder.NowUtc));
        Assert.Throws<DomainException>(() => plan.WithdrawConsent(Coordinator, PlanBuilder.Today, null, PlanBuilder.Today, PlanBuilder.NowUtc)); // once
        plan.Detach(Coordinator, "bea"); // leaving still works: it shares nothing
        Assert.False(plan.IsActiveMember("bea"));
    }

    [Fact]
    public void Consent_withdrawn_needs_someone_on_a_finished_plan_and_a_date_not_in_the_future_nor_before_consent_was_given()
    {
        Assert.Throws<DomainException>(() => PlanBuilder.Draft().WithdrawConsent(Coordinator, PlanBuilder.Today, null, PlanBuilder.Today, PlanBuilder.NowUtc));
        var plan = PlanWithWishes();
        Assert.Throws<DomainException>(() => plan.WithdrawConsent("stranger", PlanBuilder.Today, null, PlanBuilder.Today, PlanBuilder.NowUtc));
        Assert.Throws<DomainException>(() => plan.WithdrawConsent(Coordinator, PlanBuilder.Today.AddDays(1), null, PlanBuilder.Today, PlanBuilder.NowUtc));
        Assert.Throws<DomainException>(() => plan.WithdrawConsent(Coordinator, plan.Consent.GivenOn!.Value.AddDays(-1), null, PlanBuilder.Today, PlanBuilder.NowUtc));
        Assert.Null(plan.ConsentWithdrawn);
    }

    [Fact]
    public void A_transfer_asked_before_the_family_named_its_recipient_cannot_be_accepted()
    {
        var plan = Sharing.Completed();
        var transfer = plan.RequestTransfer(Guid.NewGuid(), Coordinator, Sam, TransferMode.HandOver, null, PlanBuilder.NowUtc);
        plan.RecordConsent(plan.Consent with { DoNotShareWith = [new(DoNotShareKind.Person, "Sam Hughes", UserId: "sam")] }, plan.Practitioner, PlanBuilder.Today);
        Assert.Throws<DomainException>(() => plan.DecideTransfer(transfer.Id, "sam", authorise: true, null, PlanBuilder.NowUtc));
        Assert.False(plan.IsActiveMember("sam"));
        plan.DecideTransfer(transfer.Id, "sam", authorise: false, "The family asked", PlanBuilder.NowUtc); // No is always possible
    }

    [Fact]
    public void The_wishes_confirmations_and_withdrawal_survive_storage()
    {
        var plan = PlanWithWishes();
        plan.AttachMember(Coordinator, Pat, "Agreed with Mum", PlanBuilder.NowUtc);
        plan.WithdrawConsent(Coordinator, PlanBuilder.Today, null, PlanBuilder.Today, PlanBuilder.NowUtc);
        var copy = Plan.FromState(plan.ToState());
        Assert.Equal(plan.Consent.DoNotShareWith, copy.Consent.DoNotShareWith);
        Assert.Equal(plan.SharingOverrides.Single().Reason, copy.SharingOverrides.Single().Reason);
        Assert.Equal(plan.ConsentWithdrawn, copy.ConsentWithdrawn);
    }
}
