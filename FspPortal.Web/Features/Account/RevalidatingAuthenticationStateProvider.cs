using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// An open page's signed-in person, re-checked every <see cref="SecurityOptions.SessionRevalidationSeconds"/> by
/// <see cref="OpenPageChecks"/>: a deactivated account, one whose security stamp changed, or a session that has ended is
/// signed out of the page at the next check (the template checks every 30 minutes; the portal must end such a session
/// within a minute). The page only registers here; one timer checks every open page together, so an idle page costs no
/// timer of its own (the framework's revalidating provider keeps a loop per page).
/// </summary>
internal sealed class RevalidatingAuthenticationStateProvider : ServerAuthenticationStateProvider, OpenPageChecks.IOpenPage, IDisposable
{
    private readonly OpenPageChecks checks;
    private readonly Lock gate = new();
    private bool disposed;

    public RevalidatingAuthenticationStateProvider(OpenPageChecks checks)
    {
        this.checks = checks;
        AuthenticationStateChanged += task => _ = WatchAsync(task);
    }

    private async Task WatchAsync(Task<AuthenticationState> task)
    {
        var state = await task;
        lock (gate)
        {
            if (disposed) return;
            if (state.User.Identity?.IsAuthenticated == true) checks.Watch(this, state.User);
            else checks.Forget(this);
        }
    }

    void OpenPageChecks.IOpenPage.SignOut() =>
        SetAuthenticationState(Task.FromResult(new AuthenticationState(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()))));

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            checks.Forget(this);
        }
    }
}
