using FspPortal.Web.Data;
using FspPortal.Web.Components.Shared;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// With <see cref="SecurityOptions.AdminsNeedPasskeyOrApp"/> on, an admin without a passkey or an authenticator app is
/// sent to Sign-in methods before any other page, download or export opens. The account pages (sign-out, the methods
/// pages themselves), the live connection and the static files stay reachable.
/// </summary>
public static class AdminSignInGuard
{
    public const string SetUpPath = "/Account/SignInMethods";

    public static IApplicationBuilder UseAdminSignInGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var options = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        // The role comes from the sign-in cookie; only whether they have a method is asked of the database (one query).
        if (options.AdminsNeedPasskeyOrApp && context.User.IsInRole(Roles.Admin) && Guards(context.Request)
            && !await context.RequestServices.GetRequiredService<SignInMethods>().HasPasskeyOrAppAsync(context.User.UserId()))
        {
            context.Response.Redirect(SetUpPath);
            return;
        }
        await next(context);
    });

    private static bool Guards(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        string[] open = ["/Account/", "/_blazor", "/_framework", "/_content", "/assets/", "/health", "/not-found", "/Error", "/favicon"];
        return !open.Any(prefix => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }
}
