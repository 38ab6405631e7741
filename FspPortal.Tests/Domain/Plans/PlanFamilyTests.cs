using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;

namespace FspPortal.Tests.Domain.Plans;

[Trait("Category", "Unit")]
public sealed class PlanFamilyMembers
{
    [Fact]
    public void Any_number_of_family_members_may_be_listed()
    {
        var plan = PlanBuilder.Draft();
        plan.SetFamilyMembers(Enumerable.Range(1, 20).Select(i => PlanBuilder.Child($"Person {i}", 30 + i, partOfFsp: false)), PlanBuilder.Today);
        Assert.Equal(20, plan.FamilyMembers.Count);
    }

    [Fact]
    public void A_child_ticked_part_of_fsp_becomes_a_focus_child()
    {
        var plan = PlanBuilder.ReadyToFinish().Build();
        plan.SetFamilyMembers([PlanBuilder.Child("Ethan", 7), PlanBuilder.Child("Mia", 3), PlanBuilder.Child("Gran", 70, partOfFsp: false)], PlanBuilder.Today);
        Assert.Equal(["Owen Smith", "Ethan", "Mia"], plan.FocusChildren.Select(c => c.Name));
    }

    [Fact]
    public void An_adult_cannot_be_part_of_fsp()
    {
        var error = Assert.Throws<DomainException>(() => PlanBuilder.Draft().SetFamilyMembers([PlanBuilder.Child("Dad", 40)], PlanBuilder.Today));
        Assert.Contains("Only a child can be part of the FSP", error.Message);
    }

    [Fact]
    public void Part_of_fsp_needs_a_date_of_birth()
    {
        var unknownAge = new FamilyMember(Guid.NewGuid(), "Ethan", "sibling", null, true);
        Assert.Throws<DomainException>(() => PlanBuilder.Draft().SetFamilyMembers([unknownAge], PlanBuilder.Today));
    }

    [Fact]
    public void A_date_of_birth_in_the_future_is_refused() =>
        Assert.Throws<DomainException>(() => PlanBuilder.Draft().SetFamilyMembers([new FamilyMember(Guid.NewGuid(), "Baby", "sibling", PlanBuilder.Today.AddDays(1), false)], PlanBuilder.Today));

    [Fact]
    public void A_child_no_longer_part_of_fsp_loses_their_story_panel()
    {
        var ethan = PlanBuilder.Child("Ethan", 7);
        var plan = PlanBuilder.ReadyToFinish().With(p => p.SetFamilyMembers([ethan], PlanBuilder.Today)).Build();
        plan.TellChildStories([new ChildStory(Plan.MainChildKey, "Maths", null, null), new ChildStory(ethan.Id.ToString(), "Science", null, null)]);

        plan.SetFamilyMembers([ethan with { PartOfFsp = false }], PlanBuilder.Today);

        Assert.Equal(Plan.MainChildKey, Assert.Single(plan.ChildStories).ChildKey);
    }

    [Fact]
    public void A_second_parent_may_have_no_address()
    {
        var plan = PlanBuilder.ReadyToFinish().Build();
        plan.DescribeChildAndParents(plan.Child, plan.MainParent, new ParentCarer("Tom Smith", "father", null), PlanBuilder.Today);
        plan.Finish(PlanBuilder.Aspects, PlanBuilder.NowUtc, PlanBuilder.Today);
        Assert.Null(plan.SecondParent!.Address);
    }

    [Fact]
    public void The_focus_child_is_under_eighteen_and_born_already()
    {
        var plan = PlanBuilder.Draft();
        Assert.Throws<DomainException>(() => plan.DescribeChildAndParents(FocusChild.Empty with { DateOfBirth = PlanBuilder.Today.AddDays(1) }, null, null, PlanBuilder.Today));
        Assert.Throws<DomainException>(() => plan.DescribeChildAndParents(FocusChild.Empty with { DateOfBirth = PlanBuilder.Today.AddYears(-18) }, null, null, PlanBuilder.Today));
    }
}

[Trait("Category", "Unit")]
public sealed class PlanStories
{
    [Fact]
    public void Each_focus_child_has_their_own_story()
    {
        var ethan = PlanBuilder.Child("Ethan", 7);
        var plan = PlanBuilder.ReadyToFinish().With(p => p.SetFamilyMembers([ethan], PlanBuilder.Today)).Build();
        plan.TellChildStories([new ChildStory(Plan.MainChildKey, "Happy at school and I love Maths", null, null), new ChildStory(ethan.Id.ToString(), "I like Science", null, null)]);
        Assert.Equal(2, plan.ChildStories.Count);
    }

    [Fact]
    public void A_story_for_someone_who_is_not_a_focus_child_is_refused()
    {
        var gran = PlanBuilder.Child("Gran", 70, partOfFsp: false);
        var plan = PlanBuilder.ReadyToFinish().With(p => p.SetFamilyMembers([gran], PlanBuilder.Today)).Build();
        Assert.Throws<DomainException>(() => plan.TellChildStories([new ChildStory(gran.Id.ToString(), "x", null, null)]));
    }

    [Fact]
    public void Over_long_text_is_refused_not_cut() =>
        Assert.Contains("4000 characters or fewer (it has 4001)",
            Assert.Throws<DomainException>(() => PlanBuilder.Draft().TellFamilyStory(new FamilyStory(new string('a', 4001), null))).Message);
}

[Trait("Category", "Unit")]
public sealed class PlanScores
{
    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void Aspect_scores_are_from_one_to_ten(int score) =>
        Assert.Throws<DomainException>(() => PlanBuilder.Draft().ScoreAspects([new AspectScore("education", score, false)]));

    [Fact]
    public void An_aspect_is_scored_or_not_applicable_not_both() =>
        Assert.Throws<DomainException>(() => PlanBuilder.Draft().ScoreAspects([new AspectScore("education", 5, true)]));

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void A_plan_line_score_is_from_one_to_ten(int score) =>
        Assert.Throws<DomainException>(() => PlanBuilder.Draft().WriteSummaryAndPlan(null, [PlanBuilder.Line() with { ScoreNow = score }]));

    [Fact]
    public void Any_number_of_plan_lines_may_be_written()
    {
        var plan = PlanBuilder.Draft();
        plan.WriteSummaryAndPlan("s", Enumerable.Range(0, 12).Select(_ => PlanBuilder.Line()));
        Assert.Equal(12, plan.PlanLines.Count);
    }
}

[Trait("Category", "Unit")]
public sealed class PlanConsent
{
    [Fact]
    public void Consent_cannot_be_dated_in_the_future() =>
        Assert.Throws<DomainException>(() => PlanBuilder.Draft().RecordConsent(new ConsentRecord(true, [], "Jane", PlanBuilder.Today.AddDays(1)), PractitionerDetails.Empty, PlanBuilder.Today));

    [Fact]
    public void Do_not_share_entries_are_trimmed_and_one_without_a_name_is_refused()
    {
        var plan = PlanBuilder.Draft();
        plan.RecordConsent(new ConsentRecord(true, [new(DoNotShareKind.Person, "  Dad's new partner ", Note: "  ")], "Jane", PlanBuilder.Today), PractitionerDetails.Empty, PlanBuilder.Today);
        Assert.Equal([new DoNotShareEntry(DoNotShareKind.Person, "Dad's new partner")], plan.Consent.DoNotShareWith);
        Assert.Throws<DomainException>(() => plan.RecordConsent(new ConsentRecord(true, [new(DoNotShareKind.Organisation, " ")], "Jane", PlanBuilder.Today),
            PractitionerDetails.Empty, PlanBuilder.Today));
        Assert.Single(plan.Consent.DoNotShareWith);
    }
}
