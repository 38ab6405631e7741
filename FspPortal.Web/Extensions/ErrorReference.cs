using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace FspPortal.Web.Extensions;

/// <summary>
/// The reference the error page asks people to quote is the request's trace id, and this writes it into the log line
/// of that error, so an operator can find it (and its whole trace) from what the user read out.
/// </summary>
public sealed class ErrorReference(ILogger<ErrorReference> logger) : IExceptionHandler
{
    public static string Of(HttpContext? context) => Activity.Current?.TraceId.ToString() ?? context?.TraceIdentifier ?? "unknown";

    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The request's own path: by now the middleware has pointed the request at the error page.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value;
        logger.LogError(exception, "Error reference {Reference}: {Method} {Path} failed.", Of(httpContext), httpContext.Request.Method, path);
        return ValueTask.FromResult(false); // the error page is shown as before
    }
}
