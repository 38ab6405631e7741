using System.Net;
using System.Threading.RateLimiting;
using FspPortal.Web.Features.Account;

namespace FspPortal.Web.Extensions;

/// <summary>
/// ASP.NET Core's rate limiter on everything a stranger can post: the sign-in, code, password and setup forms and the
/// start of a live connection (which the request-access form runs on). Each network address may make
/// <see cref="SecurityOptions.AnonymousPostsPerMinute"/> such posts a minute; beyond that it gets a readable 429 page.
/// Signed-in people are not limited here. Per-address email caps are in <see cref="AccountEmailLimiter"/>.
/// </summary>
public static class RateLimitExtensions
{
    public static IServiceCollection AddFspRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.User.Identity?.IsAuthenticated != true
                    ? RateLimitPartition.GetFixedWindowLimiter("anonymous-post:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, security.AnonymousPostsPerMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("unlimited"));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                response.Headers.RetryAfter = "60";
                response.ContentType = "text/html; charset=utf-8";
                await response.WriteAsync(TooManyRequestsPage, cancellationToken);
            };
        });
        return services;
    }

    /// <summary>A plain page (no circuit, no form): it must not invite another post.</summary>
    public static readonly string TooManyRequestsPage = $"""
        <!DOCTYPE html>
        <html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Too many tries – FSP Portal</title><link rel="stylesheet" href="/assets/site.css"></head>
        <body><main class="account-main"><h1>Too many tries</h1>
        <p>{WebUtility.HtmlEncode("We have had too many requests from your network in the last minute. Please wait a minute, then go back and try again.")}</p>
        <p><a href="/Account/Login">Back to sign in</a></p></main></body></html>
        """;
}
