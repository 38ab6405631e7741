namespace FspPortal.Web.Data;

/// <summary>One run of a scheduled job (what admins see under Jobs): when, how long, what it did, or what went wrong.</summary>
public sealed class JobRun
{
    public long Id { get; set; }
    public string JobName { get; set; } = "";
    /// <summary>"Schedule", or "Run now by …" when an admin started it.</summary>
    public string TriggeredBy { get; set; } = "";
    public DateTime StartedUtc { get; set; }
    public DateTime? FinishedUtc { get; set; }
    public bool? Succeeded { get; set; }
    public string? Summary { get; set; }
    public string? Error { get; set; }
}

/// <summary>
/// A reminder the review sweep owes (or has sent): one per plan, kind and <see cref="Anchor"/> — the review clock's
/// start for the 6- and 12-week crossings, the next review date for "due soon", the request time for a waiting
/// transfer — so each crossing is emailed once, and a new review (a new anchor) starts the count again.
/// </summary>
public sealed class ReviewReminder
{
    public const string SixWeeks = "overdue-6", TwelveWeeks = "overdue-12", DueSoon = "due-soon", TransferWaiting = "transfer-waiting",
        SustainedCheck = "sustained-check";

    public long Id { get; set; }
    public Guid PlanId { get; set; }
    public string Kind { get; set; } = "";
    public string Anchor { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    /// <summary>Null until the email has gone; a failed send is retried at the next run.</summary>
    public DateTime? EmailedUtc { get; set; }
}
