using FspPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Email;

/// <summary>One delivered email as the Development outbox page shows it.</summary>
public sealed record OutboxEmail(long Id, DateTime SentUtc, string To, string Subject, string TextBody, string HtmlBody);

/// <summary>Reads delivered emails back from the outbox table: the Development outbox page, and the tests' inbox.</summary>
public sealed class LocalMailbox(IDbContextFactory<FspDbContext> dbFactory)
{
    /// <summary>
    /// Delivered emails, newest first (to <paramref name="to"/> only, when given). With <paramref name="includeQueued"/>,
    /// also the ones still waiting to be sent (everything the portal has asked to send).
    /// </summary>
    public IReadOnlyList<OutboxEmail> ReadAll(string? to = null, int limit = 500, bool includeQueued = false)
    {
        using var db = dbFactory.CreateDbContext();
        var query = db.OutgoingEmails.AsNoTracking().Where(e => e.Status == EmailStatus.Sent || (includeQueued && e.Status == EmailStatus.Queued));
        if (to is not null) query = query.Where(e => e.To.ToLower() == to.ToLower());
        return query.OrderByDescending(e => e.Id).Take(limit)
            .Select(e => new OutboxEmail(e.Id, e.SentUtc ?? e.QueuedUtc, e.To, e.Subject, e.TextBody, e.HtmlBody)).ToList();
    }
}
