using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// Someone working on an open page (typing, clicking) makes no page requests, yet is not idle: each circuit records
/// its activity on its session (at most once a minute), so the idle timeout ends only sessions nobody is using.
/// </summary>
public sealed class SessionActivity(AuthenticationStateProvider authentication, SessionStore sessions, TimeProvider clock,
    ILogger<SessionActivity> logger) : CircuitHandler
{
    private DateTimeOffset lastRecorded = DateTimeOffset.MinValue;

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            await next(context);
            var now = clock.GetUtcNow();
            if (now - lastRecorded < TimeSpan.FromMinutes(1)) return;
            lastRecorded = now;
            try
            {
                var state = await authentication.GetAuthenticationStateAsync();
                var key = state.User.FindFirst(SessionStore.SessionClaim)?.Value;
                if (key is not null) await sessions.IsLiveAsync(key, active: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogWarning(ex, "Could not record activity on a session.");
            }
        };
}
