using System.Collections.Concurrent;
using System.Security.Claims;
using FspPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// Every open page's "is my person still signed in?": active, the same security stamp, the session live. Checked for all
/// open pages together every <see cref="SecurityOptions.SessionRevalidationSeconds"/>, with one query for the people and
/// one for their sessions; a page whose person fails is signed out. Each page used to run its own loop, waking every
/// 30 s and asking three queries: 5,000 open pages made 500 queries a second on an idle server.
/// </summary>
public sealed class OpenPageChecks(IDbContextFactory<FspDbContext> dbFactory, SessionStore sessions, IOptions<IdentityOptions> identityOptions,
    IOptions<SecurityOptions> securityOptions, ILogger<OpenPageChecks> logger) : BackgroundService
{
    /// <summary>An open page's sign-in (its authentication state provider).</summary>
    public interface IOpenPage
    {
        void SignOut();
    }

    private readonly ConcurrentDictionary<IOpenPage, ClaimsPrincipal> pages = new();

    public int Count => pages.Count;

    public void Watch(IOpenPage page, ClaimsPrincipal user) => pages[page] = user;

    public void Forget(IOpenPage page) => pages.TryRemove(page, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(securityOptions.Value.SessionRevalidationSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await CheckAllAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Nobody is signed out on a failed check; the next one tries again.
                logger.LogWarning(ex, "Could not re-check the sign-ins of {Count} open pages.", pages.Count);
            }
        }
    }

    /// <summary>Checks every open page now; signs out those whose person is no longer signed in. Returns how many.</summary>
    public async Task<int> CheckAllAsync(CancellationToken cancellationToken = default)
    {
        var stampClaim = identityOptions.Value.ClaimsIdentity.SecurityStampClaimType;
        var open = pages.ToArray();
        if (open.Length == 0) return 0;
        var userIds = open.Select(p => p.Value.FindFirstValue(ClaimTypes.NameIdentifier)).OfType<string>().Distinct().ToList();
        var keys = open.Select(p => p.Value.FindFirstValue(SessionStore.SessionClaim)).OfType<string>().Distinct().ToList();
        Dictionary<string, (bool IsActive, string? Stamp)> people;
        IReadOnlySet<string> live;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            people = (await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.IsActive, u.SecurityStamp })
                .ToListAsync(cancellationToken)).ToDictionary(u => u.Id, u => (u.IsActive, u.SecurityStamp));
            live = await sessions.LiveKeysAsync(db, keys, cancellationToken);
        }
        var signedOut = 0;
        foreach (var (page, user) in open)
        {
            var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
            var key = user.FindFirstValue(SessionStore.SessionClaim);
            var stillSignedIn = userId is not null && key is not null && people.TryGetValue(userId, out var person) && person.IsActive
                                && person.Stamp == user.FindFirstValue(stampClaim) && live.Contains(key);
            if (stillSignedIn) continue;
            Forget(page);
            page.SignOut();
            signedOut++;
        }
        return signedOut;
    }
}
