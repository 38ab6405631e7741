using FspPortal.Web.Features.Plans.Wizard;

namespace FspPortal.Tests.Plans;

/// <summary>Reloading a step someone else saved: their changes come in, this person's typing stays.</summary>
[Trait("Category", "Unit")]
public sealed class StepMergeTests
{
    [Fact]
    public void Their_changes_come_in_and_my_typing_stays()
    {
        var before = """{"KeyEventsNow":"Moved house","PastEvents":"Dad left in 2024"}""";
        var mine = """{"KeyEventsNow":"Moved house in October","PastEvents":"Dad left in 2024"}""";
        var theirs = """{"KeyEventsNow":"Moved house","PastEvents":"Dad left in 2024; back in touch since May"}""";
        Assert.Equal("""{"KeyEventsNow":"Moved house in October","PastEvents":"Dad left in 2024; back in touch since May"}""",
            StepMerge.Merge(before, mine, theirs));
    }

    [Fact]
    public void Where_both_changed_the_same_field_my_typing_stays()
    {
        var merged = StepMerge.Merge("""{"A":"x","B":1}""", """{"A":"mine","B":1}""", """{"A":"theirs","B":2}""");
        Assert.Equal("""{"A":"mine","B":2}""", merged);
    }

    [Fact]
    public void Lists_merge_item_by_item_when_no_one_added_or_removed_and_my_list_stays_whole_when_I_did()
    {
        var before = """{"Members":[{"Name":"Amy","Relationship":"Sister"},{"Name":"Bob","Relationship":""}]}""";
        var theirs = """{"Members":[{"Name":"Amy","Relationship":"Sister"},{"Name":"Bob","Relationship":"Uncle"}]}""";
        Assert.Equal("""{"Members":[{"Name":"Amy Jones","Relationship":"Sister"},{"Name":"Bob","Relationship":"Uncle"}]}""",
            StepMerge.Merge(before, """{"Members":[{"Name":"Amy Jones","Relationship":"Sister"},{"Name":"Bob","Relationship":""}]}""", theirs));

        var mineWithThird = """{"Members":[{"Name":"Amy","Relationship":"Sister"},{"Name":"Bob","Relationship":""},{"Name":"Cal","Relationship":""}]}""";
        Assert.Equal(mineWithThird, StepMerge.Merge(before, mineWithThird, theirs));
    }

    [Fact]
    public void Nothing_typed_takes_what_is_saved_now()
    {
        var before = """{"A":"x"}""";
        Assert.Equal("""{"A":"y"}""", StepMerge.Merge(before, before, """{"A":"y"}"""));
    }
}
