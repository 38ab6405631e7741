using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// Re-checks an open circuit's user every <see cref="SecurityOptions.SessionRevalidationSeconds"/>:
/// a deactivated account, one whose security stamp changed, or a session that has ended loses the circuit at the next check
/// (the template checks every 30 minutes; the portal must end such a session within a minute).
/// </summary>
internal sealed class RevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IOptions<SecurityOptions> securityOptions,
    OpenPageChecks checks)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(securityOptions.Value.SessionRevalidationSeconds);

    // Active, the same security stamp, and the session still live (not signed out elsewhere, ended by an admin, idle or
    // past its end): asked together with the other open pages' checks, read from the database now.
    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        checks.IsStillSignedInAsync(authenticationState.User);
}
