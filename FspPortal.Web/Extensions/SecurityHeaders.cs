namespace FspPortal.Web.Extensions;

/// <summary>
/// Headers on every response (pages, files, errors): no sniffing, no referrer outside the portal, no camera or
/// microphone, never framed, and a Content-Security-Policy that runs only the portal's own scripts.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from the portal itself (no inline script: the one there was is now a file). Styles allow 'unsafe-inline'
    /// because MudBlazor sets style attributes on its components (popover positions, progress widths) and the Blazor
    /// renderer cannot add nonces to attributes; scripts stay strict, which is what stops injected markup from running.
    /// connect-src 'self' covers the circuit's WebSocket on the same host.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Registers the headers outermost (a startup filter), before the authentication and authorisation middleware that
    /// <c>WebApplication</c> adds ahead of the app's own: a sign-in challenge's redirect carries them too.
    /// </summary>
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services) =>
        services.AddTransient<IStartupFilter, SecurityHeadersFilter>();

    private sealed class SecurityHeadersFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app => { app.UseSecurityHeaders(); next(app); };
    }

    /// <summary>Set as the response starts, so nothing later in the pipeline (a redirect, an error page) drops them.</summary>
    private static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            headers.ContentSecurityPolicy = ContentSecurityPolicy; // replaces Blazor's own "frame-ancestors 'self'"
            headers.XFrameOptions = "DENY"; // for browsers older than frame-ancestors
            return Task.CompletedTask;
        });
        await next();
    });
}
