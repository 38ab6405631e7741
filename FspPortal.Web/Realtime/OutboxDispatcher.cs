using FspPortal.Web.Data;
using FspPortal.Web.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Realtime;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";
    /// <summary>How often the dispatcher looks for due emails when nothing wakes it (seconds).</summary>
    public int PollSeconds { get; set; } = 10;
    /// <summary>False keeps the dispatcher from running (a process that only writes, or a test of a crash before dispatch).</summary>
    public bool DispatchEnabled { get; set; } = true;
}

/// <summary>
/// After commit, off the actor's path: publishes the live notifications and sends the emails that committed changes
/// left in the outbox tables. Woken by <see cref="OutboxSignal"/> after each commit, and every few seconds for emails
/// whose retry is due; at start it picks up whatever a stopped process left behind. Each notification row is deleted once
/// published and each email is marked sent once delivered, so nothing goes out twice after a restart. Several servers
/// (PostgreSQL) run a dispatcher each: a notification goes out from the one whose delete took its row, an email from the
/// one whose claim moved its attempt count, so nothing goes out twice from two servers either.
/// </summary>
public sealed class OutboxDispatcher(IDbContextFactory<FspDbContext> dbFactory, IPlanNotifier notifier, IEmailTransport transport,
    OutboxSignal signal, TimeProvider clock, IOptions<OutboxOptions> options, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int Batch = 100;
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatchEnabled) return;
        await Task.Yield(); // let the host finish starting
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchOnceAsync(stoppingToken)) { }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "The outbox dispatcher failed; it tries again shortly");
            }
            await signal.WaitAsync(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)), stoppingToken);
        }
    }

    /// <summary>One pass: publish pending notifications, then send due emails. True when there may be more to do at once.</summary>
    public async Task<bool> DispatchOnceAsync(CancellationToken cancellationToken = default)
    {
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var more = await PublishAsync(cancellationToken);
            return await SendDueEmailsAsync(cancellationToken) || more;
        }
        finally { oneAtATime.Release(); }
    }

    private async Task<bool> PublishAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = await db.PendingNotifications.AsNoTracking().OrderBy(n => n.Id).Take(Batch).ToListAsync(cancellationToken);
        if (pending.Count == 0) return false;
        // Deleted before publishing: a crash here loses a live refresh (pages reload anyway), never shows one twice; and
        // of two servers that read the same row, only the one whose delete took it publishes it.
        foreach (var n in pending)
            if (await db.PendingNotifications.Where(x => x.Id == n.Id).ExecuteDeleteAsync(cancellationToken) == 1)
                await notifier.NotifyAsync(new PlanChange(n.PlanId, n.Kind), n.UserIds.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return pending.Count == Batch;
    }

    private async Task<bool> SendDueEmailsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.OutgoingEmails.Where(e => e.Status == EmailStatus.Queued && e.NextAttemptUtc <= now)
            .OrderBy(e => e.Id).Take(Batch).ToListAsync(cancellationToken);
        foreach (var email in due)
        {
            // Claimed before sending: the attempt count moves only if no other server moved it first. A claim holds the
            // email for five minutes, after which a crash between claim and send is retried.
            var claimed = await db.OutgoingEmails
                .Where(e => e.Id == email.Id && e.Status == EmailStatus.Queued && e.Attempts == email.Attempts)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.Attempts, e => e.Attempts + 1)
                    .SetProperty(e => e.NextAttemptUtc, now.AddMinutes(5)), cancellationToken);
            if (claimed == 0) continue;
            if (email.Attempts == 0) Extensions.PortalTelemetry.Email("queued"); // committed: counted once, at its first attempt
            email.Attempts++;
            db.Entry(email).Property(e => e.Attempts).OriginalValue = email.Attempts; // already written by the claim
            try
            {
                await transport.DeliverAsync(new EmailMessage(email.To, email.Subject, email.TextBody, email.HtmlBody), cancellationToken);
                email.Status = EmailStatus.Sent;
                Extensions.PortalTelemetry.Email("sent");
                email.SentUtc = clock.GetUtcNow().UtcDateTime;
                email.LastError = null;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var retry = EmailOutbox.NextAttempt(email.QueuedUtc, email.Attempts, clock.GetUtcNow().UtcDateTime);
                email.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                if (retry is { } next) email.NextAttemptUtc = next;
                else { email.Status = EmailStatus.Failed; Extensions.PortalTelemetry.Email("failed"); }
                logger.LogWarning("Email {Id} to {To} failed (attempt {Attempt}): {Error}. {Next}", email.Id, email.To, email.Attempts, email.LastError,
                    retry is null ? "Given up: shown to admins as failed." : $"Next try at {retry:u}.");
            }
            await db.SaveChangesAsync(cancellationToken); // one by one: a crash never resends what was already delivered
        }
        return due.Count == Batch;
    }

    public string TransportDescription => transport.Description;
}
