using FspPortal.Web.Data;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Email;

/// <summary>
/// The portal's <see cref="IEmailSender"/>: an email is a row in <c>OutgoingEmails</c>, and the <see cref="OutboxDispatcher"/>
/// sends it after the commit, with retries. A caller never waits for (or fails because of) the email service.
/// A change that causes an email queues it with <see cref="Queue"/> in its own transaction instead.
/// </summary>
public sealed class EmailOutbox(IDbContextFactory<FspDbContext> dbFactory, TimeProvider clock, OutboxSignal signal) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Queue(db, message, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
    }

    /// <summary>
    /// Adds the email to <paramref name="db"/>: it is sent only if the caller's transaction commits. <paramref name="planId"/>:
    /// the plan an email is about (its text goes when the plan is anonymised).
    /// </summary>
    public static OutgoingEmail Queue(FspDbContext db, EmailMessage message, DateTime nowUtc, Guid? planId = null)
    {
        var row = new OutgoingEmail
        {
            PlanId = planId,
            To = message.To, Subject = message.Subject, TextBody = message.TextBody, HtmlBody = message.HtmlBody,
            QueuedUtc = nowUtc, NextAttemptUtc = nowUtc, Status = EmailStatus.Queued,
        };
        db.OutgoingEmails.Add(row);
        return row;
    }

    /// <summary>
    /// When to try again after <paramref name="attempts"/> failed attempts: 1 min, 5 min, 30 min, then every 3 hours;
    /// null (give up) once the email has waited <see cref="GiveUpAfter"/>.
    /// </summary>
    public static DateTime? NextAttempt(DateTime queuedUtc, int attempts, DateTime nowUtc)
    {
        var wait = attempts switch { 1 => TimeSpan.FromMinutes(1), 2 => TimeSpan.FromMinutes(5), 3 => TimeSpan.FromMinutes(30), _ => TimeSpan.FromHours(3) };
        var next = nowUtc + wait;
        return next - queuedUtc > GiveUpAfter ? null : next;
    }

    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(3);
}

/// <summary>How an email actually leaves: SendGrid, or the local mailbox (the email stays in the database to be read).</summary>
public interface IEmailTransport
{
    /// <summary>Throws when the email could not be delivered (the outbox retries it).</summary>
    Task DeliverAsync(EmailMessage message, CancellationToken cancellationToken);

    /// <summary>Words for admins: where email goes.</summary>
    string Description { get; }
}

/// <summary>
/// No email account: the message is "delivered" into the portal's own table, where the Development outbox page shows
/// it. Nothing leaves the machine.
/// </summary>
public sealed class LocalMailboxTransport : IEmailTransport
{
    public Task DeliverAsync(EmailMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
    public string Description => "the local mailbox (no email leaves the portal; in Development it is readable at /dev/outbox)";
}
