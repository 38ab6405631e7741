using FspPortal.Web.Data;
using FspPortal.Web.Features.Admin;
using FspPortal.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Account;

/// <summary>A user's live signed-in session, as an admin sees it.</summary>
public sealed record SessionRow(string Id, DateTime StartedUtc, DateTime LastActiveUtc, DateTime EndsUtc, string? IpAddress, string Browser);

/// <summary>Lists and ends a user's signed-in sessions (admins; and the portal itself on deactivation or a new password).</summary>
public sealed class UserSessions(IDbContextFactory<FspDbContext> dbFactory, AuditLog audit, TimeProvider clock, IOptions<SecurityOptions> options)
{
    public async Task<IReadOnlyList<SessionRow>> ListAsync(string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var idle = TimeSpan.FromMinutes(Math.Max(1, options.Value.SessionIdleMinutes));
        var sessions = await db.UserSessions.AsNoTracking().Where(s => s.UserId == userId).ToListAsync();
        return sessions.Where(s => s.IsLive(now, idle)).OrderByDescending(s => s.LastSeenUtc)
            .Select(s => new SessionRow(s.Id, s.CreatedUtc, s.LastSeenUtc, s.ExpiresUtc, s.IpAddress, Browser(s.UserAgent))).ToList();
    }

    /// <summary>Ends one session of <paramref name="userId"/>: its cookie opens nothing from now on, its open pages sign out at their next check.</summary>
    public async Task<AdminResult> EndAsync(string userId, string sessionId, Actor actor)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var ended = await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId).ExecuteDeleteAsync();
        if (ended == 0) return AdminResult.Fail("That session has already ended.");
        await audit.WriteAsync(new AuditEvent(AuditActions.SessionsEnded, actor.UserId, actor.Email, "User", userId, Details: "one session, by an administrator"));
        return AdminResult.Ok(userId);
    }

    /// <summary>Ends every session of <paramref name="userId"/>; <paramref name="why"/> is recorded in the audit.</summary>
    public async Task<int> EndAllAsync(string userId, string why, Actor? actor)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var ended = await db.UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync();
        if (ended > 0 || actor is not null)
            await audit.WriteAsync(new AuditEvent(AuditActions.SessionsEnded, actor?.UserId, actor?.Email, "User", userId,
                Details: $"{ended} session{(ended == 1 ? "" : "s")}, {why}"));
        return ended;
    }

    /// <summary>A short, readable name for a browser ("Chrome on Windows"), from its user agent.</summary>
    public static string Browser(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return "Unknown browser";
        var browser = userAgent.Contains("Edg/") ? "Edge" : userAgent.Contains("Firefox/") ? "Firefox"
            : userAgent.Contains("Chrome/") ? "Chrome" : userAgent.Contains("Safari/") ? "Safari" : "Another browser";
        var system = userAgent.Contains("Windows") ? "Windows" : userAgent.Contains("iPhone") || userAgent.Contains("iPad") ? "iOS"
            : userAgent.Contains("Android") ? "Android" : userAgent.Contains("Mac OS") ? "macOS" : userAgent.Contains("Linux") ? "Linux" : null;
        return system is null ? browser : $"{browser} on {system}";
    }
}
