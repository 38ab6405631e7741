using FspPortal.Domain.Plans;
using FspPortal.Web.Features.Reviews;

namespace FspPortal.Tests.Reviews;

[Trait("Category", "Unit")]
public sealed class ReviewDueTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    [Theory]
    [InlineData(-70, ReviewDueState.Overdue, "The review is overdue: it was due on 21 September 2026, 10 weeks ago.")]
    [InlineData(-1, ReviewDueState.Overdue, "The review is overdue: it was due on 29 November 2026, yesterday.")]
    [InlineData(-5, ReviewDueState.Overdue, "The review is overdue: it was due on 25 November 2026, 5 days ago.")]
    [InlineData(0, ReviewDueState.DueToday, "The review is due today (30 November 2026).")]
    [InlineData(1, ReviewDueState.DueSoon, "The next review is due on 1 December 2026, in 1 day.")]
    [InlineData(14, ReviewDueState.DueSoon, "The next review is due on 14 December 2026, in 14 days.")]
    [InlineData(15, ReviewDueState.NotDue, "")]
    public void An_open_plans_review_is_overdue_due_today_due_soon_or_not_due(int daysFromToday, ReviewDueState state, string sentence)
    {
        var due = ReviewDue.For(PlanStatus.Completed, Today.AddDays(daysFromToday), Today, dueSoonDays: 14);
        Assert.Equal((state, sentence), (due.State, due.Sentence));
    }

    [Theory]
    [InlineData(PlanStatus.Draft)]
    [InlineData(PlanStatus.Closed)]
    public void Drafts_and_closed_plans_are_never_due(PlanStatus status) =>
        Assert.False(ReviewDue.For(status, Today.AddDays(-70), Today, 14).NeedsAttention);

    [Fact]
    public void A_plan_without_a_next_review_date_is_not_due() =>
        Assert.False(ReviewDue.For(PlanStatus.Completed, null, Today, 14).NeedsAttention);
}
