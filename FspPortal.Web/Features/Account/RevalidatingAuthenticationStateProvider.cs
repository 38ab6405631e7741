using System.Security.Claims;
using FspPortal.Web.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// Re-checks an open circuit's user every <see cref="SecurityOptions.SessionRevalidationSeconds"/>:
/// a deactivated account, one whose security stamp changed, or a session that has ended loses the circuit at the next check
/// (the template checks every 30 minutes; the portal must end such a session within a minute).
/// </summary>
internal sealed class RevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> identityOptions,
    IOptions<SecurityOptions> securityOptions,
    SessionStore sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(securityOptions.Value.SessionRevalidationSeconds);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A fresh scope so the user is read from the database now, not from a context the circuit has held for hours.
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await userManager.GetUserAsync(authenticationState.User);
        if (user is null || !user.IsActive) return false;
        var principalStamp = authenticationState.User.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        if (principalStamp != await userManager.GetSecurityStampAsync(user)) return false;
        // The session must still exist: signed out elsewhere, ended by an admin, idle or past its end means signed out here.
        return await sessions.IsLiveAsync(authenticationState.User.FindFirstValue(SessionStore.SessionClaim), active: false, cancellationToken);
    }
}
