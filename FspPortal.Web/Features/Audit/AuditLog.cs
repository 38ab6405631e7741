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
    public const string SignInPasskey = "SignIn.Passkey";
    public const string SignInApp = "SignIn.App";
    public const string SignInRecoveryCode = "SignIn.RecoveryCode";
    public const string PasskeyAdded = "Account.PasskeyAdded";
    public const string PasskeyRemoved = "Account.PasskeyRemoved";
    public const string AppAdded = "Account.AppAdded";
    public const string AppRemoved = "Account.AppRemoved";
    public const string RecoveryCodesMade = "Account.RecoveryCodesMade";
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
    public const string SessionsEnded = "Account.SessionsEnded";
    public const string FirstAdminCreated = "Account.FirstAdminCreated";
    public const string AccessRequested = "AccessRequest.Submitted";
    public const string AccessApproved = "AccessRequest.Approved";
    public const string AccessDeclined = "AccessRequest.Declined";
    public const string AuditExported = "Audit.Exported";
    public const string EmailRetried = "Email.Retried";
}

/// <summary>What to record; the log adds the time and the caller's IP address.</summary>
public sealed record AuditEvent(
    string Action,
    string? ActorUserId = null,
    string? ActorEmail = null,
    string? TargetType = null,
    string? TargetId = null,
    string Outcome = AuditOutcome.Success,
    string? Details = null,
    string? Summary = null);

/// <summary>
/// Writes lines that stand alone (sign-ins, account changes, views) to the append-only audit log, each in its own short
/// transaction. Changes of a plan are audited by <see cref="PlanEventLog"/> inside the change's own transaction instead.
/// </summary>
public sealed class AuditLog(IDbContextFactory<FspDbContext> dbFactory, TimeProvider clock, IHttpContextAccessor httpContextAccessor)
{
    public async Task<long> WriteAsync(AuditEvent e, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entry = await AddAsync(db, e, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return entry.Id;
    }

    /// <summary>Adds the line to <paramref name="db"/> without saving: it is written only if the caller's transaction commits.</summary>
    public async Task<AuditEntry> AddAsync(FspDbContext db, AuditEvent e, CancellationToken cancellationToken = default)
    {
        // The actor's name and agency as they are now, so the line still reads right after the person changes job or name.
        var actor = e.ActorUserId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == e.ActorUserId)
            .Select(u => new Person(u.FullName, u.Email ?? "", u.Agency)).SingleOrDefaultAsync(cancellationToken);
        var entry = new AuditEntry
        {
            OccurredUtc = clock.GetUtcNow().UtcDateTime,
            ActorUserId = e.ActorUserId,
            ActorEmail = e.ActorEmail ?? actor?.Email,
            ActorName = actor?.NameAndAgency,
            Summary = e.Summary,
            Action = e.Action,
            TargetType = e.TargetType,
            TargetId = e.TargetId,
            Outcome = e.Outcome,
            Details = e.Details,
            // In a circuit this is the SignalR connection's address; null when there is no request at all (jobs).
            IpAddress = httpContextAccessor.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}

/// <summary>The Audit page's filters. <see cref="Plan"/>: a reference ("FSP-000042", "fsp-42") or a plan's id.</summary>
public sealed record AuditSearch(string? User, string? Action, DateTime? FromDate, DateTime? ToDate, string? Plan = null);

/// <summary>One audit line as the Audit page and its CSV show it: in words, the plan named by its reference.</summary>
public sealed record AuditRow(long Id, DateTime OccurredUtc, string Who, string? Email, string What, string Action, string Outcome,
    Guid? PlanId, string? PlanReference, string? Target, string? IpAddress);

/// <summary>Reads for the admin Audit page and its CSV export: filtered and paged in the database.</summary>
public sealed class AuditQueries(IDbContextFactory<FspDbContext> dbFactory)
{
    public async Task<(IReadOnlyList<AuditRow> Rows, int Total)> SearchAsync(AuditSearch search, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = await FilterAsync(db, search, cancellationToken);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(a => a.OccurredUtc).ThenByDescending(a => a.Id)
            .Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return (await DescribeAsync(db, rows, cancellationToken), total);
    }

    /// <summary>Every matching line, newest first, in pages of a thousand (for the CSV export).</summary>
    public async IAsyncEnumerable<AuditRow> ExportAsync(AuditSearch search, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int Chunk = 1000;
        for (var page = 0; ; page++)
        {
            var (rows, _) = await SearchAsync(search, page, Chunk, cancellationToken);
            foreach (var row in rows) yield return row;
            if (rows.Count < Chunk) yield break;
        }
    }

    private static async Task<IQueryable<AuditEntry>> FilterAsync(FspDbContext db, AuditSearch search, CancellationToken cancellationToken)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search.User))
        {
            var user = search.User.Trim().ToLower();
            query = query.Where(a => (a.ActorEmail != null && a.ActorEmail.ToLower().Contains(user))
                                     || (a.ActorName != null && a.ActorName.ToLower().Contains(user))
                                     || a.ActorUserId == search.User.Trim()
                                     || (a.TargetType == "User" && a.TargetId == search.User.Trim()));
        }
        if (!string.IsNullOrWhiteSpace(search.Action))
        {
            var action = search.Action.Trim().ToLower();
            query = query.Where(a => a.Action.ToLower().Contains(action));
        }
        if (!string.IsNullOrWhiteSpace(search.Plan))
        {
            var text = search.Plan.Trim();
            Guid? planId = Guid.TryParse(text, out var id) ? id
                : PlanRecord.ParseReference(text) is { } number
                    ? await db.Plans.Where(p => p.ReferenceNumber == number).Select(p => (Guid?)p.Id).SingleOrDefaultAsync(cancellationToken)
                    : null;
            var target = planId?.ToString() ?? "no such plan";
            query = query.Where(a => a.TargetType == "Plan" && a.TargetId == target);
        }
        // The dates are UK calendar days; the log is in UTC.
        if (search.FromDate is { } from) { var start = Components.Shared.UkTime.DayStartUtc(from); query = query.Where(a => a.OccurredUtc >= start); }
        if (search.ToDate is { } to) { var end = Components.Shared.UkTime.DayStartUtc(to.AddDays(1)); query = query.Where(a => a.OccurredUtc < end); }
        return query;
    }

    /// <summary>Names the people (older lines have no stored name) and the plans (by reference, or "pending") of a page of lines.</summary>
    private static async Task<IReadOnlyList<AuditRow>> DescribeAsync(FspDbContext db, IReadOnlyList<AuditEntry> rows, CancellationToken cancellationToken)
    {
        var planIds = rows.Where(r => r.TargetType == "Plan" && Guid.TryParse(r.TargetId, out _)).Select(r => Guid.Parse(r.TargetId!)).Distinct().ToList();
        var references = await db.Plans.AsNoTracking().Where(p => planIds.Contains(p.Id))
            .Select(p => new { p.Id, p.ReferenceNumber }).ToDictionaryAsync(p => p.Id, p => p.ReferenceNumber, cancellationToken);
        var unnamed = rows.Where(r => r.ActorName is null && r.ActorUserId is not null).Select(r => r.ActorUserId!)
            .Concat(rows.Where(r => r.TargetType == "User" && r.TargetId is not null).Select(r => r.TargetId!)).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => unnamed.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => (u.FullName, u.Agency), cancellationToken);
        return rows.Select(r =>
        {
            var roster = r.ActorUserId is not null && names.TryGetValue(r.ActorUserId, out var n) ? n : default;
            Guid? planId = r.TargetType == "Plan" && Guid.TryParse(r.TargetId, out var id) ? id : null;
            string? reference = planId is { } p && references.TryGetValue(p, out var number)
                ? number is { } given ? PlanRecord.FormatReference(given) : "reference pending" : null;
            var target = planId is not null ? null : r.TargetType switch
            {
                null => null,
                "User" => r.TargetId is not null && names.TryGetValue(r.TargetId, out var who) ? $"Account of {who.FullName}" : "An account",
                "AccessRequest" => "An access request",
                "Email" => $"Email {r.TargetId}",
                "Job" => $"Job: {r.TargetId}",
                _ => $"{r.TargetType} {r.TargetId}",
            };
            return new AuditRow(r.Id, r.OccurredUtc, AuditWording.Who(r, roster.FullName, roster.Agency), r.ActorEmail, AuditWording.What(r), r.Action,
                r.Outcome, planId, reference, target, r.IpAddress);
        }).ToList();
    }

    public static readonly string[] KnownActions = typeof(AuditActions).GetFields()
        .Concat(typeof(Plans.PlanAuditActions).GetFields()).Concat(typeof(Sharing.SharingActions).GetFields())
        .Concat(typeof(Documents.DocumentAuditActions).GetFields()).Concat(typeof(Print.PrintAuditActions).GetFields())
        .Select(f => (string)f.GetValue(null)!).Distinct().Order().ToArray();
}
