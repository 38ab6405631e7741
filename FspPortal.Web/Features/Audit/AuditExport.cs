using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace FspPortal.Web.Features.Audit;

/// <summary>
/// <c>GET /admin/audit.csv</c> and <c>/admin/audit.xlsx</c>: the Audit page's filtered lines (served by
/// <see cref="Exports.ExportEndpoints"/>). Admins only; every export is itself audited, with its filters.
/// </summary>
public static class AuditExport
{
    public static string Link(AuditSearch search, string format = Exports.ListExport.Csv)
    {
        var query = new Dictionary<string, string?>
        {
            ["user"] = search.User, ["action"] = search.Action, ["plan"] = search.Plan,
            ["from"] = search.FromDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = search.ToDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrWhiteSpace(p.Value));
        return QueryHelpers.AddQueryString($"admin/audit.{format}", query);
    }
}
