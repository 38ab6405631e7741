namespace FspPortal.Web.Data;

public enum EmailStatus { Queued = 0, Sent = 1, Failed = 2 }

/// <summary>
/// One email the portal has to send, written in the same transaction as the change that caused it (transactional
/// outbox). The dispatcher sends it after the commit and retries with backoff; a row is never deleted, so admins see
/// what was queued, sent and failed (and why). With the local mailbox (no SendGrid key) "sent" means delivered into
/// this table, which the Development outbox page reads.
/// </summary>
public sealed class OutgoingEmail
{
    public long Id { get; set; }
    /// <summary>The one plan the email is about, when it is about one (its words go when the plan is anonymised).</summary>
    public Guid? PlanId { get; set; }
    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    public DateTime QueuedUtc { get; set; }
    public EmailStatus Status { get; set; }
    public int Attempts { get; set; }
    /// <summary>When the dispatcher should try (again); meaningful while <see cref="EmailStatus.Queued"/>.</summary>
    public DateTime NextAttemptUtc { get; set; }
    public DateTime? SentUtc { get; set; }
    /// <summary>Why the last attempt failed, for the admin Email page.</summary>
    public string? LastError { get; set; }
}

/// <summary>
/// A live notification to publish to open pages after the commit: which plan, what kind of change, and to whom
/// (the plan's users before and after the change). Deleted once published.
/// </summary>
public sealed class PendingNotification
{
    public long Id { get; set; }
    public Guid PlanId { get; set; }
    public Realtime.PlanChangeKind Kind { get; set; }
    /// <summary>User ids separated by spaces (Identity ids hold no spaces).</summary>
    public string UserIds { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
}
