using System.Security.Claims;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Outbox;

public sealed record EmailRow(long Id, DateTime QueuedUtc, string To, string Subject, EmailStatus Status, int Attempts,
    DateTime NextAttemptUtc, DateTime? SentUtc, string? LastError);

public sealed record EmailCounts(int Queued, int Sent, int Failed);

/// <summary>Admin → Email: what the outbox holds (queued, sent, failed with the reason), and "retry now".</summary>
public sealed class EmailQueue(IDbContextFactory<FspDbContext> dbFactory, OutboxSignal signal, AuditLog audit, TimeProvider clock)
{
    public async Task<EmailCounts> CountsAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var counts = await db.OutgoingEmails.GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        int Of(EmailStatus s) => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
        return new EmailCounts(Of(EmailStatus.Queued), Of(EmailStatus.Sent), Of(EmailStatus.Failed));
    }

    /// <summary>Newest first; <paramref name="status"/> narrows to one state.</summary>
    public async Task<(IReadOnlyList<EmailRow> Rows, int Total)> ListAsync(EmailStatus? status, int page, int pageSize)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var query = db.OutgoingEmails.AsNoTracking();
        if (status is { } s) query = query.Where(e => e.Status == s);
        var total = await query.CountAsync();
        var rows = await query.OrderByDescending(e => e.Id).Skip(page * pageSize).Take(pageSize)
            .Select(e => new EmailRow(e.Id, e.QueuedUtc, e.To, e.Subject, e.Status, e.Attempts, e.NextAttemptUtc, e.SentUtc, e.LastError))
            .ToListAsync();
        return (rows, total);
    }

    /// <summary>Sends a failed (or waiting) email again at once; audited. False when it was already sent.</summary>
    public async Task<bool> RetryNowAsync(long id, ClaimsPrincipal admin)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        // A fresh start: a retried email gets its three days of attempts again.
        var changed = await db.OutgoingEmails.Where(e => e.Id == id && e.Status != EmailStatus.Sent)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.Status, EmailStatus.Queued).SetProperty(e => e.NextAttemptUtc, now).SetProperty(e => e.QueuedUtc, now));
        if (changed == 0) return false;
        var to = await db.OutgoingEmails.Where(e => e.Id == id).Select(e => e.To).SingleAsync();
        await audit.WriteAsync(new AuditEvent(AuditActions.EmailRetried, admin.UserId(), admin.Identity?.Name, "Email", id.ToString(),
            Details: to, Summary: $"Asked for the email to {to} to be sent again"));
        signal.Wake();
        return true;
    }
}
