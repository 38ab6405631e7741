using System.Security.Claims;
using System.Security.Cryptography;
using FspPortal.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// Keeps each sign-in on the server (<see cref="UserSession"/>) and only its key in the cookie, so that a session
/// can be ended for real: after sign-out a copied cookie opens nothing. A session ends after
/// <see cref="SecurityOptions.SessionIdleMinutes"/> without activity or <see cref="SecurityOptions.SessionHours"/>
/// after sign-in, whichever comes first.
/// </summary>
public sealed class SessionStore(
    IDbContextFactory<FspDbContext> dbFactory,
    IDataProtectionProvider dataProtection,
    TimeProvider clock,
    IOptions<SecurityOptions> options) : ITicketStore
{
    /// <summary>The claim that names the session in a signed-in principal (open pages revalidate with it).</summary>
    public const string SessionClaim = "fsp:session";

    // Activity is written at most this often, so a busy page does not write on every click.
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private readonly IDataProtector protector = dataProtection.CreateProtector("FspPortal.Sessions.v1");

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private TimeSpan Idle => TimeSpan.FromMinutes(Math.Max(1, options.Value.SessionIdleMinutes));

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null!, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var userId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A user's ended sessions are tidied away when they next sign in.
        var cutoff = now - Idle;
        await db.UserSessions.Where(s => s.UserId == userId && (s.ExpiresUtc <= now || s.LastSeenUtc <= cutoff)).ExecuteDeleteAsync(cancellationToken);
        db.UserSessions.Add(new UserSession
        {
            Id = key, UserId = userId, CreatedUtc = now, LastSeenUtc = now,
            ExpiresUtc = now.AddHours(Math.Max(1, options.Value.SessionHours)),
            Ticket = Serialise(ticket, key),
            IpAddress = httpContext?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(httpContext?.Request.Headers.UserAgent.ToString(), 256),
        });
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, null!, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        // Renewal (after the security stamp check rebuilds the claims) keeps the session, never revives an ended one.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var blob = Serialise(ticket, key);
        var now = Now;
        await db.UserSessions.Where(s => s.Id == key)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Ticket, blob).SetProperty(s => s.LastSeenUtc, now), cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null!, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (await LiveAsync(key, touch: true, cancellationToken) is not { } session) return null;
        try
        {
            return TicketSerializer.Default.Deserialize(protector.Unprotect(session.Ticket));
        }
        catch (CryptographicException)
        {
            return null; // keys rotated away or the row tampered with: signed out
        }
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, null!, CancellationToken.None);

    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.UserSessions.Where(s => s.Id == key).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>True while the session named in an open page's principal is live (and records the page's activity when <paramref name="active"/>).</summary>
    public async Task<bool> IsLiveAsync(string? key, bool active, CancellationToken cancellationToken = default)
    {
        return !string.IsNullOrEmpty(key) && await LiveAsync(key, active, cancellationToken) is not null;
    }

    /// <summary>
    /// Which of <paramref name="keys"/> name live sessions, in one query (open pages' re-checks, batched by
    /// <see cref="OpenPageChecks"/>); those past their end are deleted, as <see cref="LiveAsync"/> does one at a time.
    /// </summary>
    public async Task<IReadOnlySet<string>> LiveKeysAsync(FspDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var now = Now;
        var found = await db.UserSessions.AsNoTracking().Where(s => keys.Contains(s.Id)).ToListAsync(cancellationToken);
        var ended = found.Where(s => !s.IsLive(now, Idle)).Select(s => s.Id).ToList();
        if (ended.Count > 0) await db.UserSessions.Where(s => ended.Contains(s.Id)).ExecuteDeleteAsync(cancellationToken);
        return found.Where(s => s.IsLive(now, Idle)).Select(s => s.Id).ToHashSet();
    }

    /// <summary>
    /// The session, if it is live; a session past its end is deleted. With <paramref name="touch"/> its activity is
    /// recorded (at most once a minute).
    /// </summary>
    private async Task<UserSession?> LiveAsync(string key, bool touch, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.UserSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == key, cancellationToken);
        if (session is null) return null;
        var now = Now;
        if (!session.IsLive(now, Idle))
        {
            await db.UserSessions.Where(s => s.Id == key).ExecuteDeleteAsync(cancellationToken);
            return null;
        }
        if (touch && now - session.LastSeenUtc >= TouchEvery)
            await db.UserSessions.Where(s => s.Id == key).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenUtc, now), cancellationToken);
        return session;
    }

    private byte[] Serialise(AuthenticationTicket ticket, string key)
    {
        NameSession(ticket.Principal, key);
        return protector.Protect(TicketSerializer.Default.Serialize(ticket));
    }

    /// <summary>The principal names its session, so an open page can check that the session still exists.</summary>
    public static void NameSession(ClaimsPrincipal? principal, string? key)
    {
        if (key is not null && principal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == SessionClaim))
            identity.AddClaim(new Claim(SessionClaim, key));
    }

    /// <summary>
    /// Wraps Identity's security-stamp check: when it rebuilds the principal (every revalidation interval) the new one
    /// keeps the session's name, so a page opened on that request can still be revalidated.
    /// </summary>
    public static Func<CookieValidatePrincipalContext, Task> KeepSessionName(Func<CookieValidatePrincipalContext, Task> validate) => async context =>
    {
        var key = context.Principal?.FindFirstValue(SessionClaim);
        await validate(context);
        NameSession(context.Principal, key);
    };

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
