using FspPortal.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Audit;

/// <summary>The names of audited actions, so searches and tests agree on the spelling.</summary>
public static class AuditActions
{
    public const string SignInPassword = "SignIn.Password";
    public const string SignInCode = "SignIn.Code";
    public const string SignInCodeSent = "SignIn.CodeSent";
    public const string SignInLockedOut = "SignIn.LockedOut";
    public const string SignOut = "SignOut";
    public const string PasswordSet = "Password.Set";
    public const string PasswordResetRequested = "Password.ResetRequested";
    public const string PasswordReset = "Password.Reset";
    public const string AccountCreated = "Account.Created";
    public const string AccountChanged = "Account.Changed";
    public const string AccountDeactivated = "Account.Deactivated";
    public const string AccountReactivated = "Account.Reactivated";
    public const string InvitationSent = "Account.InvitationSent";
    public const string TwoStepReset = "Account.TwoStepReset";
    public const string FirstAdminCreated = "Account.FirstAdminCreated";
    public const string AccessRequested = "AccessRequest.Submitted";
    public const string AccessApproved = "AccessRequest.Approved";
    public const string AccessDeclined = "AccessRequest.Declined";
}

/// <summary>What to record; the log adds the time and the caller's IP address.</summary>
public sealed record AuditEvent(
    string Action,
    string? ActorUserId = null,
    string? ActorEmail = null,
    string? TargetType = null,
    string? TargetId = null,
    string Outcome = AuditOutcome.Success,
    string? Details = null);

/// <summary>Writes to the append-only audit log, each line in its own short transaction.</summary>
public sealed class AuditLog(IDbContextFactory<FspDbContext> dbFactory, TimeProvider clock, IHttpContextAccessor httpContextAccessor)
{
    public async Task WriteAsync(AuditEvent e, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(new AuditEntry
        {
            OccurredUtc = clock.GetUtcNow().UtcDateTime,
            ActorUserId = e.ActorUserId,
            ActorEmail = e.ActorEmail,
            Action = e.Action,
            TargetType = e.TargetType,
            TargetId = e.TargetId,
            Outcome = e.Outcome,
            Details = e.Details,
            // In a circuit this is the SignalR connection's address; null when there is no request at all (jobs).
            IpAddress = httpContextAccessor.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}

public sealed record AuditSearch(string? User, string? Action, DateTime? FromDate, DateTime? ToDate);

/// <summary>Reads for the admin Audit page: filtered and paged in the database.</summary>
public sealed class AuditQueries(IDbContextFactory<FspDbContext> dbFactory)
{
    public async Task<(IReadOnlyList<AuditEntry> Rows, int Total)> SearchAsync(AuditSearch search, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search.User))
        {
            var user = search.User.Trim().ToLower();
            query = query.Where(a => (a.ActorEmail != null && a.ActorEmail.ToLower().Contains(user))
                                     || a.ActorUserId == search.User.Trim()
                                     || (a.TargetType == "User" && a.TargetId == search.User.Trim()));
        }
        if (!string.IsNullOrWhiteSpace(search.Action))
        {
            var action = search.Action.Trim().ToLower();
            query = query.Where(a => a.Action.ToLower().Contains(action));
        }
        // The dates are UK calendar days; the log is in UTC.
        if (search.FromDate is { } from) { var start = Components.Shared.UkTime.DayStartUtc(from); query = query.Where(a => a.OccurredUtc >= start); }
        if (search.ToDate is { } to) { var end = Components.Shared.UkTime.DayStartUtc(to.AddDays(1)); query = query.Where(a => a.OccurredUtc < end); }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(a => a.OccurredUtc).ThenByDescending(a => a.Id)
            .Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return (rows, total);
    }

    public static readonly string[] KnownActions = typeof(AuditActions).GetFields()
        .Select(f => (string)f.GetValue(null)!).Order().ToArray();
}
