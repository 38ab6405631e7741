using System.Globalization;
using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Outcomes;

/// <summary>A quarter of the UK financial year (April to March): "Jul to Sep 2026 (Q2 2026/27)".</summary>
public readonly record struct Quarter(DateOnly From)
{
    public DateOnly To => From.AddMonths(3); // exclusive
    public static Quarter Containing(DateOnly day) => new(new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1));
    public Quarter Previous => new(From.AddMonths(-3));
    public int FinancialNumber => (From.Month + 8) % 12 / 3 + 1;
    public int FinancialYear => From.Month >= 4 ? From.Year : From.Year - 1;
    public string Short => $"Q{FinancialNumber} {FinancialYear}/{(FinancialYear + 1) % 100:D2}";
    public string Label => $"{Month(From)} to {Month(To.AddMonths(-1))} {To.AddDays(-1).Year} ({Short})";
    private static string Month(DateOnly d) => d.ToString("MMM", CultureInfo.GetCultureInfo("en-GB"));
}

/// <summary>What the manager's figures cover: plans of a period (From inclusive, To exclusive, UK days) and, when set, one agency.</summary>
public sealed record OutcomeFilter(DateOnly From, DateOnly To, string? AgencyCode)
{
    public static OutcomeFilter ForQuarter(Quarter quarter, string? agency) => new(quarter.From, quarter.To, agency);
    public string PeriodText => $"{PlanText.Date(From)} to {PlanText.Date(To.AddDays(-1))}";
}

public sealed record Headline(int Open, int Started, int Closed, int ReviewOverdue, int ReviewLongOverdue, double? AverageDaysToClose);

/// <summary>One headline outcome: needs of plans started in the period; at closure in the period, yes / partly / no; at 6-month checks recorded in the period, sustained or not.</summary>
public sealed record OutcomeRow(string Code, string Label, int Needs, int Yes, int Partly, int No, int Sustained, int NotSustained)
{
    public int Closed => Yes + Partly + No;
    public int Checked => Sustained + NotSustained;
    /// <summary>Of the needs closed in the period, the share with significant and sustained progress ("yes").</summary>
    public double? ProgressRate => Closed == 0 ? null : (double)Yes / Closed;
    public double? SustainedRate => Checked == 0 ? null : (double)Sustained / Checked;
}

public sealed record AgencyRow(string? Code, string Label, int Open, int Closed, int NeedsClosed, int Yes, int Sustained, int Checked)
{
    public double? ProgressRate => NeedsClosed == 0 ? null : (double)Yes / NeedsClosed;
    public double? SustainedRate => Checked == 0 ? null : (double)Sustained / Checked;
}

public sealed record QuarterRow(Quarter Quarter, int PlansClosed, int NeedsClosed, int Yes, int Sustained, int Checked)
{
    public double? ProgressRate => NeedsClosed == 0 ? null : (double)Yes / NeedsClosed;
    public double? SustainedRate => Checked == 0 ? null : (double)Sustained / Checked;
}

public sealed record OutcomeReport(OutcomeFilter Filter, Headline Headline, IReadOnlyList<OutcomeRow> ByOutcome, IReadOnlyList<AgencyRow> ByAgency,
    IReadOnlyList<QuarterRow> ByQuarter);

/// <summary>Which plans a drill-down lists: the needs of plans started, or closed with an answer, or checked with an answer.</summary>
public enum DrillDown { Needs, Yes, Partly, No, Sustained, NotSustained }

/// <summary>A plan in a drill-down: reference, agency and coordinator, never a child's or family's name.</summary>
public sealed record DrillDownRow(Guid Id, string? Reference, string Agency, string? Coordinator);

/// <summary>
/// The manager's figures, set-based in the database: grouped counts over the narrow plan columns and the one-row-per-need
/// table (<see cref="PlanNeedRecord"/>), each answered from an index on its day column. Always current: no nightly summary
/// to go stale, and the benchmark keeps every figure within budget over a 100,000-plan council.
/// </summary>
public sealed class OutcomeFigures(IDbContextFactory<FspDbContext> dbFactory, ReferenceData reference, TimeProvider clock, IOptions<DashboardOptions> dashboard)
{
    /// <summary>How many quarters the trend shows (the period's quarter and those before it).</summary>
    public const int QuartersShown = 8;

    /// <summary>
    /// What a manager's link asks for, as they may see it — the one place the scope is applied: the quarter named (one of
    /// the recent ones; else the last whole one) and the agency named, unless the manager is limited to one agency, which
    /// then applies whatever the link says. <c>Scope</c>: that agency, or null for the whole council.
    /// </summary>
    public async Task<(OutcomeFilter Filter, string? Scope)> FilterForAsync(string userId, string? quarterKey, string? agency)
    {
        string? scope;
        await using (var db = await dbFactory.CreateDbContextAsync())
            scope = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.ManagesAgencyCode).SingleOrDefaultAsync();
        var quarters = OutcomePeriods.Recent(UkTime.Today(clock));
        var quarter = OutcomePeriods.Parse(quarterKey) is { } q && quarters.Contains(q) ? q : quarters[1];
        return (OutcomeFilter.ForQuarter(quarter, scope ?? (string.IsNullOrWhiteSpace(agency) ? null : agency)), scope);
    }

    public async Task<OutcomeReport> ReportAsync(OutcomeFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lists = await reference.GetAsync();
        var headline = await HeadlineAsync(db, filter, cancellationToken);
        var byOutcome = await ByOutcomeAsync(db, filter, lists, cancellationToken);
        var byAgency = await ByAgencyAsync(db, filter, lists, cancellationToken);
        var byQuarter = await ByQuarterAsync(db, filter, cancellationToken);
        return new OutcomeReport(filter, headline, byOutcome, byAgency, byQuarter);
    }

    private static IQueryable<PlanRecord> Plans(FspDbContext db, string? agency) =>
        agency is null ? db.Plans.AsNoTracking() : db.Plans.AsNoTracking().Where(p => p.AgencyCode == agency);

    private static IQueryable<PlanNeedRecord> Needs(FspDbContext db, string? agency) =>
        agency is null ? db.PlanNeeds.AsNoTracking() : db.PlanNeeds.AsNoTracking().Where(n => n.AgencyCode == agency);

    public async Task<Headline> HeadlineAsync(FspDbContext db, OutcomeFilter f, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (six, twelve) = (now.AddDays(-7 * dashboard.Value.ReviewOutstandingWeeks), now.AddDays(-7 * dashboard.Value.ReviewLongOutstandingWeeks));
        var plans = Plans(db, f.AgencyCode);
        // Open plans and overdue reviews are "now"; the rest belong to the period. Each count reads one index range.
        var open = await plans.CountAsync(p => p.Status == PlanStatus.Completed, cancellationToken);
        var overdue = await plans.CountAsync(p => p.Status == PlanStatus.Completed && p.ReviewClockStartUtc <= six && p.ReviewClockStartUtc > twelve, cancellationToken);
        var longOverdue = await plans.CountAsync(p => p.Status == PlanStatus.Completed && p.ReviewClockStartUtc <= twelve, cancellationToken);
        var started = await plans.CountAsync(p => p.StartedOn >= f.From && p.StartedOn < f.To, cancellationToken);
        var closedInPeriod = plans.Where(p => p.ClosedOn >= f.From && p.ClosedOn < f.To);
        var closed = await closedInPeriod.CountAsync(cancellationToken);
        var average = await closedInPeriod.AverageAsync(p => (double?)p.DaysToClose, cancellationToken);
        return new Headline(open, started, closed, overdue, longOverdue, average);
    }

    private static async Task<IReadOnlyList<OutcomeRow>> ByOutcomeAsync(FspDbContext db, OutcomeFilter f, ReferenceSnapshot lists, CancellationToken ct)
    {
        var needs = Needs(db, f.AgencyCode);
        var started = await needs.Where(n => n.StartedOn >= f.From && n.StartedOn < f.To)
            .GroupBy(n => n.OutcomeCode).Select(g => new { Code = g.Key, Count = g.Count() }).ToListAsync(ct);
        var closed = await needs.Where(n => n.ClosedOn >= f.From && n.ClosedOn < f.To && n.Progress != null)
            .GroupBy(n => new { n.OutcomeCode, n.Progress }).Select(g => new { g.Key.OutcomeCode, g.Key.Progress, Count = g.Count() }).ToListAsync(ct);
        var checkedNeeds = await needs.Where(n => n.CheckedOn >= f.From && n.CheckedOn < f.To && n.Sustained != null)
            .GroupBy(n => new { n.OutcomeCode, n.Sustained }).Select(g => new { g.Key.OutcomeCode, g.Key.Sustained, Count = g.Count() }).ToListAsync(ct);

        // Every outcome of the list in its order, then any retired one that still has figures.
        var codes = lists.Choices(ReferenceLists.Aspects).Select(a => a.Code)
            .Union(started.Select(s => s.Code)).Union(closed.Select(c => c.OutcomeCode)).Union(checkedNeeds.Select(c => c.OutcomeCode)).ToList();
        int Closed(string code, ProgressAtClosure p) => closed.Where(c => c.OutcomeCode == code && c.Progress == p).Sum(c => c.Count);
        int Checked(string code, bool s) => checkedNeeds.Where(c => c.OutcomeCode == code && c.Sustained == s).Sum(c => c.Count);
        return codes.Select(code => new OutcomeRow(code, lists.Label(ReferenceLists.Aspects, code),
            started.Where(s => s.Code == code).Sum(s => s.Count),
            Closed(code, ProgressAtClosure.Yes), Closed(code, ProgressAtClosure.Partly), Closed(code, ProgressAtClosure.No),
            Checked(code, true), Checked(code, false))).ToList();
    }

    private static async Task<IReadOnlyList<AgencyRow>> ByAgencyAsync(FspDbContext db, OutcomeFilter f, ReferenceSnapshot lists, CancellationToken ct)
    {
        var plans = Plans(db, f.AgencyCode);
        var open = await plans.Where(p => p.Status == PlanStatus.Completed).GroupBy(p => p.AgencyCode)
            .Select(g => new { Code = g.Key, Count = g.Count() }).ToListAsync(ct);
        var closed = await plans.Where(p => p.ClosedOn >= f.From && p.ClosedOn < f.To).GroupBy(p => p.AgencyCode)
            .Select(g => new { Code = g.Key, Count = g.Count() }).ToListAsync(ct);
        var needs = Needs(db, f.AgencyCode);
        var answered = await needs.Where(n => n.ClosedOn >= f.From && n.ClosedOn < f.To && n.Progress != null)
            .GroupBy(n => new { n.AgencyCode, Yes = n.Progress == ProgressAtClosure.Yes }).Select(g => new { g.Key.AgencyCode, g.Key.Yes, Count = g.Count() }).ToListAsync(ct);
        var checkedNeeds = await needs.Where(n => n.CheckedOn >= f.From && n.CheckedOn < f.To && n.Sustained != null)
            .GroupBy(n => new { n.AgencyCode, n.Sustained }).Select(g => new { g.Key.AgencyCode, g.Key.Sustained, Count = g.Count() }).ToListAsync(ct);

        var codes = open.Select(o => o.Code).Union(closed.Select(c => c.Code)).Union(answered.Select(a => a.AgencyCode)).Union(checkedNeeds.Select(c => c.AgencyCode))
            .OrderBy(code => code is null ? "~" : lists.Label(ReferenceLists.Agencies, code), StringComparer.OrdinalIgnoreCase).ToList();
        return codes.Select(code => new AgencyRow(code, code is null ? "Agency not recorded" : lists.Label(ReferenceLists.Agencies, code),
            open.Where(o => o.Code == code).Sum(o => o.Count), closed.Where(c => c.Code == code).Sum(c => c.Count),
            answered.Where(a => a.AgencyCode == code).Sum(a => a.Count), answered.Where(a => a.AgencyCode == code && a.Yes).Sum(a => a.Count),
            checkedNeeds.Where(c => c.AgencyCode == code && c.Sustained == true).Sum(c => c.Count), checkedNeeds.Where(c => c.AgencyCode == code).Sum(c => c.Count))).ToList();
    }

    /// <summary>The trend: the period's quarter and the seven before it, grouped by day in the database and into quarters here.</summary>
    private static async Task<IReadOnlyList<QuarterRow>> ByQuarterAsync(FspDbContext db, OutcomeFilter f, CancellationToken ct)
    {
        var last = Quarter.Containing(f.To.AddDays(-1));
        var quarters = Enumerable.Range(0, QuartersShown).Select(i => new Quarter(last.From.AddMonths(-3 * (QuartersShown - 1 - i)))).ToList();
        var (from, to) = (quarters[0].From, last.To);
        var plansClosed = await Plans(db, f.AgencyCode).Where(p => p.ClosedOn >= from && p.ClosedOn < to)
            .GroupBy(p => p.ClosedOn).Select(g => new { Day = g.Key!.Value, Count = g.Count() }).ToListAsync(ct);
        var needs = Needs(db, f.AgencyCode);
        var answered = await needs.Where(n => n.ClosedOn >= from && n.ClosedOn < to && n.Progress != null)
            .GroupBy(n => new { n.ClosedOn, Yes = n.Progress == ProgressAtClosure.Yes }).Select(g => new { Day = g.Key.ClosedOn!.Value, g.Key.Yes, Count = g.Count() }).ToListAsync(ct);
        var checkedNeeds = await needs.Where(n => n.CheckedOn >= from && n.CheckedOn < to && n.Sustained != null)
            .GroupBy(n => new { n.CheckedOn, n.Sustained }).Select(g => new { Day = g.Key.CheckedOn!.Value, g.Key.Sustained, Count = g.Count() }).ToListAsync(ct);
        return quarters.Select(q => new QuarterRow(q,
            plansClosed.Where(p => p.Day >= q.From && p.Day < q.To).Sum(p => p.Count),
            answered.Where(a => a.Day >= q.From && a.Day < q.To).Sum(a => a.Count),
            answered.Where(a => a.Day >= q.From && a.Day < q.To && a.Yes).Sum(a => a.Count),
            checkedNeeds.Where(c => c.Day >= q.From && c.Day < q.To && c.Sustained == true).Sum(c => c.Count),
            checkedNeeds.Where(c => c.Day >= q.From && c.Day < q.To).Sum(c => c.Count))).ToList();
    }

    /// <summary>The plans behind a figure of the outcome table: reference, agency and coordinator only, a page at a time.</summary>
    public async Task<(IReadOnlyList<DrillDownRow> Rows, int Total)> DrillDownAsync(OutcomeFilter f, string outcomeCode, DrillDown kind, int page, int pageSize = 50,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lists = await reference.GetAsync();
        var needs = Needs(db, f.AgencyCode).Where(n => n.OutcomeCode == outcomeCode);
        needs = kind switch
        {
            DrillDown.Needs => needs.Where(n => n.StartedOn >= f.From && n.StartedOn < f.To),
            DrillDown.Yes or DrillDown.Partly or DrillDown.No => needs.Where(n => n.ClosedOn >= f.From && n.ClosedOn < f.To && n.Progress == (kind == DrillDown.Yes
                ? ProgressAtClosure.Yes : kind == DrillDown.Partly ? ProgressAtClosure.Partly : ProgressAtClosure.No)),
            _ => needs.Where(n => n.CheckedOn >= f.From && n.CheckedOn < f.To && n.Sustained == (kind == DrillDown.Sustained)),
        };
        var total = await needs.CountAsync(cancellationToken);
        var rows = await needs.Join(db.Plans, n => n.PlanId, p => p.Id, (n, p) => p)
            .OrderBy(p => p.ReferenceNumber == null).ThenBy(p => p.ReferenceNumber).ThenBy(p => p.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(p => new
            {
                p.Id, p.ReferenceNumber, p.AgencyCode,
                Coordinator = db.PlanMembers.Where(m => m.PlanId == p.Id && m.IsActive && m.Role == PlanRole.Coordinator)
                    .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.FullName).Min(),
            }).ToListAsync(cancellationToken);
        return (rows.Select(r => new DrillDownRow(r.Id, r.ReferenceNumber is { } n ? PlanRecord.FormatReference(n) : null,
            r.AgencyCode is null ? "Not recorded" : lists.Label(ReferenceLists.Agencies, r.AgencyCode), r.Coordinator)).ToList(), total);
    }

    public static string Percent(double? rate) => rate is { } r ? r.ToString("P0", CultureInfo.GetCultureInfo("en-GB")) : "–";
}

/// <summary>The periods the manager chooses from (quarters), as they travel in links ("2026-07"), and drill-downs in words.</summary>
public static class OutcomePeriods
{
    /// <summary>The quarter so far and the seven before it, newest first (the default is the last whole one, the second).</summary>
    public static List<Quarter> Recent(DateOnly today)
    {
        var current = Quarter.Containing(today);
        return Enumerable.Range(0, OutcomeFigures.QuartersShown).Select(i => new Quarter(current.From.AddMonths(-3 * i))).ToList();
    }

    public static string Key(Quarter q) => q.From.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static Quarter? Parse(string? key) =>
        DateOnly.TryParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && (day.Month - 1) % 3 == 0
            ? new Quarter(day) : null;

    public static DrillDown? ParseKind(string? kind) => Enum.TryParse<DrillDown>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : null;

    public static string KindWords(DrillDown kind) => kind switch
    {
        DrillDown.Needs => "a need of plans started in the period",
        DrillDown.Yes => "significant and sustained progress (yes) at closure in the period",
        DrillDown.Partly => "partly at closure in the period",
        DrillDown.No => "no progress at closure in the period",
        DrillDown.Sustained => "progress sustained at the 6-month check in the period",
        _ => "progress not sustained at the 6-month check in the period",
    };
}
