using System.Text.Json;
using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;

namespace FspPortal.Tests.Domain.Plans;

/// <summary>The retention clock, the rule, legal holds and anonymisation, in the plan itself (issue 16, point 4).</summary>
[Trait("Category", "Unit")]
public sealed class PlanRetentionTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    [Theory]
    [InlineData("2020-03-10", "2016-05-04", 6, 25, true, "2041-05-04")]  // the child is 25 after the 6 years
    [InlineData("2020-03-10", "2000-05-04", 6, 25, true, "2026-03-10")]  // 6 years after closure is later
    [InlineData("2020-03-10", "2016-05-04", 6, 25, false, "2026-03-10")] // the earlier of the two
    [InlineData("2020-03-10", null, 6, 25, true, "2026-03-10")]          // no date of birth: the years alone
    [InlineData("2020-03-10", "2016-05-04", 0, 25, true, "2041-05-04")]  // years turned off
    [InlineData("2020-03-10", "2016-05-04", 6, 0, true, "2026-03-10")]   // child's age turned off
    public void The_rule_keeps_a_plan_for_the_later_of_the_years_and_the_youngest_childs_age_by_default(string started, string? born, int years, int age, bool later, string until) =>
        Assert.Equal(DateOnly.Parse(until), new RetentionRule(years, age, later).KeepUntil(DateOnly.Parse(started), born is null ? null : DateOnly.Parse(born)));

    [Fact]
    public void The_clock_starts_at_closure_or_consent_withdrawn_whichever_is_first_and_not_for_an_open_or_reopened_plan()
    {
        var plan = Sharing.Completed();
        Assert.Null(plan.RetentionClockStartedOn(Utc));
        Assert.Null(new RetentionRule(6, 25).KeepUntil(plan.RetentionClockStartedOn(Utc), plan.YoungestFocusChildBirthDate));
        plan.Close(Sharing.Coordinator, "needs-met", null, ["needs-met"], PlanBuilder.NowUtc, FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan));
        Assert.Equal(PlanBuilder.Today, plan.RetentionClockStartedOn(Utc));
        plan.Reopen(Sharing.Coordinator, "Back again");
        Assert.Null(plan.RetentionClockStartedOn(Utc));
        plan.WithdrawConsent(Sharing.Coordinator, PlanBuilder.Today.AddDays(-1), null, PlanBuilder.Today, PlanBuilder.NowUtc);
        plan.Close(Sharing.Coordinator, "needs-met", null, ["needs-met"], PlanBuilder.NowUtc.AddDays(5), FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan));
        Assert.Equal(PlanBuilder.Today.AddDays(-1), plan.RetentionClockStartedOn(Utc));
    }

    [Fact]
    public void The_youngest_focus_child_is_the_latest_born_of_the_child_and_the_family_members_part_of_the_fsp()
    {
        var plan = PlanBuilder.ReadyToFinish().Build();
        var sister = PlanBuilder.Child("Nia Smith", 3);
        plan.SetFamilyMembers([sister, PlanBuilder.Child("Baby Cousin", 1, partOfFsp: false)], PlanBuilder.Today);
        Assert.Equal(sister.DateOfBirth, plan.YoungestFocusChildBirthDate);
    }

    private static Plan ClosedPlanFullOfPersonalData()
    {
        var plan = PlanBuilder.ReadyToFinish().Build();
        plan.SetFamilyMembers([PlanBuilder.Child("Nia Smith", 3)], PlanBuilder.Today);
        plan.SetContacts(new ContactDetails("Mum 07700 900123", true, "Polish", "Wheelchair user", "Dog in the house"),
            [new OtherService(Guid.NewGuid(), "CAMHS", "Dr Rivers", "Psychologist", "rivers@nhs.example")]);
        plan.TellFamilyStory(new FamilyStory("Dad left in May", "Moved from Leeds"));
        plan.Finish(PlanBuilder.Aspects, PlanBuilder.NowUtc, PlanBuilder.Today);
        plan.RecordConsent(plan.Consent with { DoNotShareWith = [new(DoNotShareKind.Person, "Uncle Ray", Note: "threatening")] }, plan.Practitioner, PlanBuilder.Today);
        plan.Close(Sharing.Coordinator, "other", "Moved to Spain with grandma", ["other"], PlanBuilder.NowUtc, FspPortal.Tests.Domain.Plans.Outcomes.Claimed(plan));
        plan.TakeEvents();
        return plan;
    }

    [Fact]
    public void Anonymising_destroys_every_name_date_of_birth_address_phone_and_text_and_keeps_codes_scores_and_months()
    {
        var plan = ClosedPlanFullOfPersonalData();
        var scoresBefore = plan.AspectScores.ToList();

        plan.Anonymise("Retention rule: 6 years after closure", PlanBuilder.NowUtc.AddYears(7));

        var json = JsonSerializer.Serialize(plan.ToState());
        foreach (var personal in new[] { "Owen", "Smith", "Nia", "2016-05-04", "High St", "PO1", "Portsmouth", "Oak Primary", "Jane", "Sam Hughes", "sam@school",
                     "+4423", "07700", "Polish", "Wheelchair", "Dog", "CAMHS", "Rivers", "Dad left", "Leeds", "Things are improving", "school on time",
                     "Morning routine", "Uncle Ray", "threatening", "Spain", "Pastoral" })
            Assert.DoesNotContain(personal, json);
        Assert.Equal(scoresBefore, plan.AspectScores);
        Assert.Equal(("school", "family-request", "male", "mother"), (plan.Practitioner.AgencyCode, plan.Practitioner.PromptCode, plan.Child.GenderCode, plan.MainParent!.RelationshipCode));
        Assert.Equal(("other", new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)), (plan.Closure!.ReasonCode, plan.Closure.ClosedUtc));
        Assert.Equal("education", Assert.Single(plan.PlanLines).FocusAreaCode);
        Assert.Equal(4, plan.PlanLines[0].ScoreNow);
        Assert.Contains(new BirthYear(Plan.MainChildKey, 2016), plan.Anonymised!.BirthYears);
        Assert.Equal(2, plan.Anonymised.BirthYears.Count);
        Assert.Equal(PlanStatus.Closed, plan.Status);
        Assert.Equal([new PlanAnonymised("Retention rule: 6 years after closure")], plan.TakeEvents());
        Assert.Throws<DomainException>(() => plan.Anonymise("again", PlanBuilder.NowUtc)); // once
    }

    [Fact]
    public void A_legal_hold_needs_a_reason_keeps_the_plan_from_anonymisation_until_lifted()
    {
        var plan = ClosedPlanFullOfPersonalData();
        Assert.Throws<DomainException>(() => plan.PlaceLegalHold("admin", " ", PlanBuilder.NowUtc));
        plan.PlaceLegalHold("admin", "Family court case 2026/123", PlanBuilder.NowUtc);
        Assert.Throws<DomainException>(() => plan.PlaceLegalHold("admin", "again", PlanBuilder.NowUtc));

        Assert.Contains("legal hold", Assert.Throws<DomainException>(() => plan.Anonymise("Retention rule", PlanBuilder.NowUtc)).Message);
        Assert.Equal("Owen", plan.Child.FirstName);

        plan.LiftLegalHold("admin", "Case closed");
        plan.Anonymise("Retention rule", PlanBuilder.NowUtc);
        Assert.Null(plan.Child.FirstName);
        Assert.Equal([new LegalHoldPlaced("Family court case 2026/123"), new LegalHoldLifted("Case closed"), new PlanAnonymised("Retention rule")], plan.TakeEvents());
    }

    [Fact]
    public void A_draft_is_not_anonymised_and_the_anonymised_state_survives_storage()
    {
        Assert.Throws<DomainException>(() => PlanBuilder.Draft().Anonymise("Retention rule", PlanBuilder.NowUtc));
        var plan = ClosedPlanFullOfPersonalData();
        plan.Anonymise("Erasure request", PlanBuilder.NowUtc);
        var copy = Plan.FromState(plan.ToState());
        Assert.Equal(plan.Anonymised!.Basis, copy.Anonymised!.Basis);
        Assert.Equal(plan.Anonymised.BirthYears, copy.Anonymised.BirthYears);
    }
}
