using FspPortal.Domain.Plans;
using FspPortal.Web.Features.Plans;

namespace FspPortal.Web.Features.Reviews;

public enum ReviewDueState { NotDue, DueSoon, DueToday, Overdue }

/// <summary>
/// Whether an open plan's next review is overdue or due soon, said in words for the overview's warning and Home's list
/// (issue 12: a plan weeks past its review date must not look like any other).
/// </summary>
public sealed record ReviewDue(ReviewDueState State, DateOnly? Date, int Days)
{
    /// <summary>For a completed (open) plan with a next review date; drafts and closed plans are never due.</summary>
    public static ReviewDue For(PlanStatus status, DateOnly? nextReview, DateOnly today, int dueSoonDays)
    {
        if (status != PlanStatus.Completed || nextReview is not { } date) return new(ReviewDueState.NotDue, nextReview, 0);
        var days = date.DayNumber - today.DayNumber;
        return days < 0 ? new(ReviewDueState.Overdue, date, -days)
            : days == 0 ? new(ReviewDueState.DueToday, date, 0)
            : days <= dueSoonDays ? new(ReviewDueState.DueSoon, date, days)
            : new(ReviewDueState.NotDue, date, days);
    }

    public bool NeedsAttention => State != ReviewDueState.NotDue;

    /// <summary>"The review is overdue: it was due on 3 October 2026, 10 weeks ago."</summary>
    public string Sentence => State switch
    {
        ReviewDueState.Overdue => $"The review is overdue: it was due on {PlanText.Date(Date)}, {Ago(Days)}.",
        ReviewDueState.DueToday => $"The review is due today ({PlanText.Date(Date)}).",
        ReviewDueState.DueSoon => $"The next review is due on {PlanText.Date(Date)}, in {Days} {(Days == 1 ? "day" : "days")}.",
        _ => "",
    };

    private static string Ago(int days) => days switch
    {
        1 => "yesterday",
        < 14 => $"{days} days ago",
        _ => $"{days / 7} weeks ago",
    };
}
