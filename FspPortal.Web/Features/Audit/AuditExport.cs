using System.Globalization;
using System.Text;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using Microsoft.AspNetCore.WebUtilities;

namespace FspPortal.Web.Features.Audit;

/// <summary>
/// <c>GET /admin/audit.csv</c>: the Audit page's filtered lines as CSV (UTF-8 with a byte-order mark, so Excel reads
/// names like "Łukasz" right). Admins only; every export is itself audited, with its filters.
/// </summary>
public static class AuditExport
{
    public static string Link(AuditSearch search)
    {
        var query = new Dictionary<string, string?>
        {
            ["user"] = search.User, ["action"] = search.Action, ["plan"] = search.Plan,
            ["from"] = search.FromDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = search.ToDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrWhiteSpace(p.Value));
        return QueryHelpers.AddQueryString("admin/audit.csv", query);
    }

    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/audit.csv", async (HttpContext http, AuditQueries queries, AuditLog audit,
            string? user, string? action, string? plan, DateTime? from, DateTime? to) =>
        {
            var search = new AuditSearch(user, action, from, to, plan);
            await audit.WriteAsync(new AuditEvent(AuditActions.AuditExported, http.User.UserId(), http.User.Identity?.Name,
                Details: Link(search), Summary: "Exported the audit log as CSV"));
            http.Response.Headers.CacheControl = "no-store";
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"audit-log.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            await writer.WriteLineAsync("When (UK time),Who,Email,What,Action,Outcome,Plan,Plan id,Other target,IP address");
            await foreach (var row in queries.ExportAsync(search, http.RequestAborted))
            {
                await writer.WriteLineAsync(string.Join(',',
                    Cell(UkTime.ToUk(row.OccurredUtc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)), Cell(row.Who), Cell(row.Email),
                    Cell(row.What), Cell(row.Action), Cell(row.Outcome), Cell(row.PlanReference), Cell(row.PlanId?.ToString()), Cell(row.Target), Cell(row.IpAddress)));
            }
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        return endpoints;
    }

    /// <summary>
    /// One CSV field: quoted when needed, and text that a spreadsheet would run as a formula (=, +, -, @) starts with an
    /// apostrophe, so a name typed as "=HYPERLINK(…)" stays text.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
