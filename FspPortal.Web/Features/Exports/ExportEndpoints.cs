using System.Globalization;
using FspPortal.Domain.Plans;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Admin;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Features.Outcomes;
using FspPortal.Web.Features.Plans;

namespace FspPortal.Web.Features.Exports;

/// <summary>
/// The lists people can take away, as CSV or Excel: My FSP (the user's own plans, through the one access rule, with the
/// page's filter, search and sort), the roster and the audit log (admins), and the manager's tables and quarterly return
/// (managers: counts only). Every export is audited with what it held.
/// </summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapListExports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/my-fsp/export.{format}", async (HttpContext http, string format, PlanQueries queries, AuditLog audit,
            string? filter, string? q, string? sort, bool? desc) =>
        {
            if (!ListExport.IsFormat(format)) return Results.NotFound();
            var planFilter = filter is not null && MyFsp.Filters.TryGetValue(filter, out var f) ? f : PlanFilter.All;
            var planSort = Enum.TryParse<PlanSort>(sort, ignoreCase: true, out var s) ? s : PlanSort.Updated;
            var search = new PlanSearch(http.User.UserId(), planFilter, q, planSort, desc ?? planSort == PlanSort.Updated);
            await AuditedAsync(http, audit, $"My FSP ({filter ?? "all"}{(string.IsNullOrWhiteSpace(q) ? "" : ", searched")}) as {format}");
            await ListExport.WriteAsync(http, format, "my-fsp", ExportTable.Of("My FSP", MyFspColumns.Headers, queries.ExportAsync(search, http.RequestAborted), MyFspColumns.Cells));
            return Results.Empty;
        }).RequireAuthorization();

        endpoints.MapGet("/admin/users.{format}", async (HttpContext http, string format, AdminUserService users, AuditLog audit, string? q) =>
        {
            if (!ListExport.IsFormat(format)) return Results.NotFound();
            var (rows, _) = await users.SearchAsync(new RosterQuery(q, 0, int.MaxValue), http.RequestAborted);
            await AuditedAsync(http, audit, $"the users ({rows.Count}{(string.IsNullOrWhiteSpace(q) ? "" : ", searched")}) as {format}");
            await ListExport.WriteAsync(http, format, "users", ExportTable.Of("Users", RosterHeaders, rows, RosterCells));
            return Results.Empty;
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));

        endpoints.MapGet("/admin/audit.{format}", async (HttpContext http, string format, AuditQueries queries, AuditLog audit,
            string? user, string? action, string? plan, DateTime? from, DateTime? to) =>
        {
            if (!ListExport.IsFormat(format)) return Results.NotFound();
            var search = new AuditSearch(user, action, from, to, plan);
            // Written before the export, so the line exporting the log is itself in the log.
            await audit.WriteAsync(new AuditEvent(AuditActions.AuditExported, http.User.UserId(), http.User.Identity?.Name,
                Details: AuditExport.Link(search, format), Summary: $"Exported the audit log as {(format == ListExport.Csv ? "CSV" : "Excel")}"));
            await ListExport.WriteAsync(http, format, "audit-log", ExportTable.Of("Audit log", AuditHeaders, queries.ExportAsync(search, http.RequestAborted), AuditCells));
            return Results.Empty;
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));

        endpoints.MapGet("/outcomes/return.xlsx", async (HttpContext http, OutcomeFigures figures, AuditLog audit, string? quarter, string? agency) =>
        {
            var report = await ReportAsync(http, figures, quarter, agency);
            await AuditedAsync(http, audit, $"the quarterly outcome return ({Describe(report)}) as xlsx");
            await ListExport.WriteAsync(http, ListExport.Xlsx, $"outcome-return-{OutcomePeriods.Key(Quarter.Containing(report.Filter.From))}",
                OutcomeTables.Summary(report), OutcomeTables.ByOutcome(report), OutcomeTables.ByAgency(report), OutcomeTables.ByQuarter(report));
            return Results.Empty;
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Manager));

        endpoints.MapGet("/outcomes/{table}.csv", async (HttpContext http, string table, OutcomeFigures figures, AuditLog audit, string? quarter, string? agency) =>
        {
            Func<OutcomeReport, ExportTable>? make = table switch
            {
                "by-outcome" => OutcomeTables.ByOutcome, "by-agency" => OutcomeTables.ByAgency, "by-quarter" => OutcomeTables.ByQuarter, _ => null,
            };
            if (make is null) return Results.NotFound();
            var report = await ReportAsync(http, figures, quarter, agency);
            await AuditedAsync(http, audit, $"the outcome table {table} ({Describe(report)}) as csv");
            await ListExport.WriteAsync(http, ListExport.Csv, $"outcomes-{table}", make(report));
            return Results.Empty;
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Manager));
        return endpoints;
    }

    /// <summary>The manager's report for the link's quarter and agency; a manager of one agency gets that agency's whatever the link says.</summary>
    private static async Task<OutcomeReport> ReportAsync(HttpContext http, OutcomeFigures figures, string? quarter, string? agency) =>
        await figures.ReportAsync((await figures.FilterForAsync(http.User.UserId(), quarter, agency)).Filter, http.RequestAborted);

    private static string Describe(OutcomeReport report) => $"{report.Filter.PeriodText}; {report.Filter.AgencyCode ?? "all agencies"}";

    private static Task AuditedAsync(HttpContext http, AuditLog audit, string what) =>
        audit.WriteAsync(new AuditEvent(OutcomeActions.ListExported, http.User.UserId(), http.User.Identity?.Name, Details: what, Summary: $"Exported {what}"));

    public static readonly IReadOnlyList<string> RosterHeaders = ["Name", "Email", "Agency", "Job title", "Phone", "Roles", "Active", "Sign-in methods", "Last sign-in (UK time)"];

    public static IReadOnlyList<string?> RosterCells(RosterRow u) =>
        [u.FullName, u.Email, u.Agency, u.JobTitle, Domain.Accounts.PhoneNumber.Display(u.Phone), string.Join(", ", u.Roles), u.IsActive ? "Yes" : "No", u.SignInMethods,
         u.LastSignInUtc is { } at ? UkTime.ToUk(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "Never"];

    public static readonly IReadOnlyList<string> AuditHeaders = ["When (UK time)", "Who", "Email", "What", "Action", "Outcome", "Plan", "Plan id", "Other target", "IP address"];

    public static IReadOnlyList<string?> AuditCells(AuditRow row) =>
        [UkTime.ToUk(row.OccurredUtc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), row.Who, row.Email, row.What, row.Action, row.Outcome,
         row.PlanReference, row.PlanId?.ToString(), row.Target, row.IpAddress];
}

/// <summary>The manager's tables as exported: the same figures, in the same words, as the Outcomes page.</summary>
public static class OutcomeTables
{
    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    public static ExportTable Summary(OutcomeReport r) => ExportTable.Of("Summary", ["Figure", "Value"], new (string, string)[]
    {
        ("Period", r.Filter.PeriodText),
        ("Agency", r.Filter.AgencyCode ?? "All agencies"),
        ("Open plans now", N(r.Headline.Open)),
        ("Plans started in the period", N(r.Headline.Started)),
        ("Plans closed in the period", N(r.Headline.Closed)),
        ("Reviews outstanding 6 weeks (now)", N(r.Headline.ReviewOverdue)),
        ("Reviews outstanding 12 weeks (now)", N(r.Headline.ReviewLongOverdue)),
        ("Average days from start to closure", r.Headline.AverageDaysToClose is { } d ? Math.Round(d).ToString(CultureInfo.InvariantCulture) : ""),
    }, x => [x.Item1, x.Item2]);

    public static ExportTable ByOutcome(OutcomeReport r) => ExportTable.Of("By outcome",
        ["Outcome", "Needs (plans started)", "Closed: yes", "Closed: partly", "Closed: no", "Progress rate", "6-month check: sustained", "Not sustained", "Sustained rate"],
        r.ByOutcome, o => [o.Label, N(o.Needs), N(o.Yes), N(o.Partly), N(o.No), OutcomeFigures.Percent(o.ProgressRate), N(o.Sustained), N(o.NotSustained), OutcomeFigures.Percent(o.SustainedRate)]);

    public static ExportTable ByAgency(OutcomeReport r) => ExportTable.Of("By agency",
        ["Agency", "Open plans now", "Plans closed", "Needs closed", "Progress rate", "Checks recorded", "Sustained rate"],
        r.ByAgency, a => [a.Label, N(a.Open), N(a.Closed), N(a.NeedsClosed), OutcomeFigures.Percent(a.ProgressRate), N(a.Checked), OutcomeFigures.Percent(a.SustainedRate)]);

    public static ExportTable ByQuarter(OutcomeReport r) => ExportTable.Of("By quarter",
        ["Quarter", "Plans closed", "Needs closed", "Needs with progress (yes)", "Progress rate", "Checks recorded", "Sustained", "Sustained rate"],
        r.ByQuarter, q => [q.Quarter.Label, N(q.PlansClosed), N(q.NeedsClosed), N(q.Yes), OutcomeFigures.Percent(q.ProgressRate), N(q.Checked), N(q.Sustained), OutcomeFigures.Percent(q.SustainedRate)]);
}
