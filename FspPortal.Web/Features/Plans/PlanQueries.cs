using System.Globalization;
using FspPortal.Domain.Plans;
using FspPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Plans;

/// <summary>The <c>Dashboard</c> settings: when a review is outstanding, and how far ahead "reviews due" looks.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";
    public int ReviewOutstandingWeeks { get; set; } = 6;
    public int ReviewLongOutstandingWeeks { get; set; } = 12;
    public int ReviewsDueDays { get; set; } = 14;
}

/// <summary>The five tiles of Home, which are also My FSP's filters.</summary>
public enum PlanFilter { All, InProgress, Completed, ReviewOutstanding, ReviewLongOutstanding, Closed }

public sealed record TileCounts(int InProgress, int Completed, int ReviewOutstanding, int ReviewLongOutstanding, int Closed);

public enum PlanSort { Reference, Child, DateOfBirth, Postcode, FamilyName, Status, Coordinator, LastReview, NextReview, Updated }

public sealed record PlanSearch(string UserId, PlanFilter Filter = PlanFilter.All, string? Text = null, PlanSort Sort = PlanSort.Updated,
    bool Descending = true, int Page = 0, int PageSize = 25);

public sealed record PlanRow(Guid Id, int? ReferenceNumber, string? ChildFirstName, string? ChildLastName, DateOnly? DateOfBirth, string? Postcode,
    string? FamilyName, PlanStatus Status, string? Coordinator, DateTime? LastReviewUtc, DateOnly? NextReview, DateTime UpdatedUtc)
{
    public string? Reference => ReferenceNumber is { } number ? PlanRecord.FormatReference(number) : null;
}

/// <summary>A review due (or overdue), or — <see cref="SustainedCheck"/> — a closed plan's 6-month check, due since <see cref="Date"/>.</summary>
public sealed record DueReview(Guid Id, string? ChildName, string? FamilyName, DateOnly Date, bool Overdue = false, bool SustainedCheck = false);

/// <summary>
/// Reads for Home and My FSP, all in the database: filtered to the user's plans through <see cref="PlanAccess"/>,
/// then by tile, search text, sort and page. The clock is <see cref="TimeProvider"/>; thresholds are settings.
/// </summary>
public sealed class PlanQueries(IDbContextFactory<FspDbContext> dbFactory, TimeProvider clock, IOptions<DashboardOptions> options)
{
    private (DateTime Outstanding, DateTime LongOutstanding) Thresholds()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return (now.AddDays(-7 * options.Value.ReviewOutstandingWeeks), now.AddDays(-7 * options.Value.ReviewLongOutstandingWeeks));
    }

    public IQueryable<PlanRecord> Filter(IQueryable<PlanRecord> plans, PlanFilter filter)
    {
        var (outstanding, longOutstanding) = Thresholds();
        return filter switch
        {
            PlanFilter.InProgress => plans.Where(p => p.Status == PlanStatus.Draft),
            PlanFilter.Completed => plans.Where(p => p.Status == PlanStatus.Completed),
            // "6 weeks ago or more, but under 12"; "12 weeks ago or more" — measured from the last review, or completion.
            PlanFilter.ReviewOutstanding => plans.Where(p => p.Status == PlanStatus.Completed && p.ReviewClockStartUtc <= outstanding && p.ReviewClockStartUtc > longOutstanding),
            PlanFilter.ReviewLongOutstanding => plans.Where(p => p.Status == PlanStatus.Completed && p.ReviewClockStartUtc <= longOutstanding),
            PlanFilter.Closed => plans.Where(p => p.Status == PlanStatus.Closed),
            _ => plans,
        };
    }

    public async Task<TileCounts> CountsAsync(string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var (outstanding, longOutstanding) = Thresholds();
        var mine = db.Plans.VisibleTo(db, userId);
        // One round trip: a conditional count per tile.
        var counts = await mine.GroupBy(_ => 1).Select(g => new TileCounts(
            g.Count(p => p.Status == PlanStatus.Draft),
            g.Count(p => p.Status == PlanStatus.Completed),
            g.Count(p => p.Status == PlanStatus.Completed && p.ReviewClockStartUtc <= outstanding && p.ReviewClockStartUtc > longOutstanding),
            g.Count(p => p.Status == PlanStatus.Completed && p.ReviewClockStartUtc <= longOutstanding),
            g.Count(p => p.Status == PlanStatus.Closed))).SingleOrDefaultAsync();
        return counts ?? new TileCounts(0, 0, 0, 0, 0);
    }

    private long searches;

    /// <summary>How many My FSP searches this server has run (for diagnostics and the tests of search as you type).</summary>
    public long SearchesRun => Interlocked.Read(ref searches);

    public async Task<(IReadOnlyList<PlanRow> Rows, int Total)> SearchAsync(PlanSearch search, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref searches);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (page, matching) = SearchQueries(db, search);
        var total = await matching.CountAsync(cancellationToken);
        return (await page.ToListAsync(cancellationToken), total);
    }

    /// <summary>Every row of a search, in its order (My FSP's export): the same rows as the pages, read one at a time.</summary>
    public async IAsyncEnumerable<PlanRow> ExportAsync(PlanSearch search, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await foreach (var row in SearchQueries(db, search, paged: false).Page.AsAsyncEnumerable().WithCancellation(cancellationToken)) yield return row;
    }

    /// <summary>The page of rows and the count behind a search (public so the benchmark can show their query plans).</summary>
    public (IQueryable<PlanRow> Page, IQueryable<PlanRecord> Matching) SearchQueries(FspDbContext db, PlanSearch search, bool paged = true)
    {
        var plans = Filter(db.Plans.AsNoTracking().VisibleTo(db, search.UserId), search.Filter);
        plans = Matching(plans, db, search.Text);
        IOrderedQueryable<PlanRecord> ordered = (search.Sort, search.Descending) switch
        {
            // Plans without a reference yet ("pending") together: first ascending (the guide: "sort by number, it shows the blanks"), last descending.
            (PlanSort.Reference, false) => plans.OrderBy(p => p.ReferenceNumber != null).ThenBy(p => p.ReferenceNumber),
            (PlanSort.Reference, true) => plans.OrderBy(p => p.ReferenceNumber == null).ThenByDescending(p => p.ReferenceNumber),
            // Empty values likewise: first ascending, last descending, on every provider (PostgreSQL alone would put them
            // last ascending and first descending).
            (PlanSort.Child, false) => plans.OrderBy(p => p.ChildLastName != null).ThenBy(p => p.ChildLastName).ThenBy(p => p.ChildFirstName),
            (PlanSort.Child, true) => plans.OrderBy(p => p.ChildLastName == null).ThenByDescending(p => p.ChildLastName).ThenByDescending(p => p.ChildFirstName),
            (PlanSort.DateOfBirth, false) => plans.OrderBy(p => p.ChildDateOfBirth != null).ThenBy(p => p.ChildDateOfBirth),
            (PlanSort.DateOfBirth, true) => plans.OrderBy(p => p.ChildDateOfBirth == null).ThenByDescending(p => p.ChildDateOfBirth),
            (PlanSort.Postcode, false) => plans.OrderBy(p => p.PostcodeSearch != null).ThenBy(p => p.PostcodeSearch),
            (PlanSort.Postcode, true) => plans.OrderBy(p => p.PostcodeSearch == null).ThenByDescending(p => p.PostcodeSearch),
            (PlanSort.FamilyName, false) => plans.OrderBy(p => p.FamilyName != null).ThenBy(p => p.FamilyName),
            (PlanSort.FamilyName, true) => plans.OrderBy(p => p.FamilyName == null).ThenByDescending(p => p.FamilyName),
            (PlanSort.Status, false) => plans.OrderBy(p => p.Status),
            (PlanSort.Status, true) => plans.OrderByDescending(p => p.Status),
            (PlanSort.Coordinator, false) => plans.OrderBy(p => db.PlanMembers.Where(m => m.PlanId == p.Id && m.IsActive && m.Role == PlanRole.Coordinator)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.FullName).Min()),
            (PlanSort.Coordinator, true) => plans.OrderByDescending(p => db.PlanMembers.Where(m => m.PlanId == p.Id && m.IsActive && m.Role == PlanRole.Coordinator)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.FullName).Min()),
            (PlanSort.LastReview, false) => plans.OrderBy(p => p.LastReviewUtc != null).ThenBy(p => p.LastReviewUtc),
            (PlanSort.LastReview, true) => plans.OrderBy(p => p.LastReviewUtc == null).ThenByDescending(p => p.LastReviewUtc),
            (PlanSort.NextReview, false) => plans.OrderBy(p => p.NextReviewDate != null).ThenBy(p => p.NextReviewDate),
            (PlanSort.NextReview, true) => plans.OrderBy(p => p.NextReviewDate == null).ThenByDescending(p => p.NextReviewDate),
            (_, false) => plans.OrderBy(p => p.UpdatedUtc),
            _ => plans.OrderByDescending(p => p.UpdatedUtc),
        };
        // A stable order within equal keys, so paging neither repeats nor skips a plan; only the list's columns are read.
        var stable = ordered.ThenBy(p => p.Id);
        var page = (paged ? stable.Skip(search.Page * search.PageSize).Take(search.PageSize) : stable)
            .Select(p => new PlanRow(p.Id, p.ReferenceNumber, p.ChildFirstName, p.ChildLastName, p.ChildDateOfBirth, p.PostcodeSearch,
                p.FamilyName, p.Status,
                db.PlanMembers.Where(m => m.PlanId == p.Id && m.IsActive && m.Role == PlanRole.Coordinator)
                    .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.FullName).Min(),
                p.LastReviewUtc, p.NextReviewDate, p.UpdatedUtc));
        return (page, plans);
    }

    /// <summary>
    /// Reviews already missed (overdue, the longest-missed first) and then those due from today up to
    /// <see cref="DashboardOptions.ReviewsDueDays"/> ahead, on the user's open plans.
    /// </summary>
    public async Task<IReadOnlyList<DueReview>> ReviewsDueAsync(string userId, DateOnly today)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var until = today.AddDays(options.Value.ReviewsDueDays);
        var reviews = await db.Plans.AsNoTracking().VisibleTo(db, userId)
            .Where(p => p.Status == PlanStatus.Completed && p.NextReviewDate != null && p.NextReviewDate <= until)
            .OrderBy(p => p.NextReviewDate).ThenBy(p => p.Id)
            .Select(p => new DueReview(p.Id, p.ChildFirstName + " " + p.ChildLastName, p.FamilyName, p.NextReviewDate!.Value, p.NextReviewDate < today))
            .Take(50).ToListAsync();
        // The 6-month checks owed on the user's closed plans where they are coordinator (it is theirs to record), from their due day.
        var checks = await db.Plans.AsNoTracking().VisibleTo(db, userId)
            .Where(p => p.Status == PlanStatus.Closed && p.SustainedCheckDueOn != null && p.SustainedCheckDueOn <= today
                && db.PlanMembers.Any(m => m.PlanId == p.Id && m.UserId == userId && m.IsActive && m.Role == PlanRole.Coordinator))
            .OrderBy(p => p.SustainedCheckDueOn).ThenBy(p => p.Id)
            .Select(p => new DueReview(p.Id, p.ChildFirstName + " " + p.ChildLastName, p.FamilyName, p.SustainedCheckDueOn!.Value, false, true))
            .Take(50).ToListAsync();
        return [.. checks, .. reviews];
    }

    /// <summary>The user's plans that more than one active coordinator shares (co-coordination).</summary>
    public async Task<IReadOnlyList<DueReview>> CoCoordinatedAsync(string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Plans.AsNoTracking().VisibleTo(db, userId)
            .Where(p => p.Status != PlanStatus.Draft && db.PlanMembers.Count(m => m.PlanId == p.Id && m.IsActive && m.Role == PlanRole.Coordinator) > 1)
            .OrderBy(p => p.ChildLastName)
            .Select(p => new DueReview(p.Id, p.ChildFirstName + " " + p.ChildLastName, p.FamilyName, p.NextReviewDate ?? DateOnly.MinValue))
            .Take(100).ToListAsync();
    }

    /// <summary>
    /// A reference ("FSP-000042", "FSP-42", "42"), a date of birth (any focus child's or family member's), or words:
    /// every word must be the start of one of the plan's folded search terms (names, family name, postcode), so
    /// "owen smi", "o’connor" and "lukasz" all find their plan. Each word is an index range over (PlanId, Term).
    /// </summary>
    private static IQueryable<PlanRecord> Matching(IQueryable<PlanRecord> plans, FspDbContext db, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return plans;
        var term = text.Trim();
        if (Wizard.StepModel.Date(term) is { } dob) // the same day-first formats as every date field
        {
            var dateTerm = PlanSearchTerms.DateTerm(dob);
            return plans.Where(p => db.PlanSearchTerms.Any(t => t.PlanId == p.Id && t.Term == dateTerm));
        }
        var reference = PlanRecord.ParseReference(term)
            ?? (term.All(char.IsAsciiDigit) && int.TryParse(term, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null);
        if (reference is not null)
            return plans.Where(p => p.ReferenceNumber == reference);
        var words = SearchFolding.QueryWords(term);
        if (words.Count == 0) return plans.Where(_ => false);
        foreach (var word in words)
        {
            // "Starts with" as a range, which every provider answers from the key's index (LIKE would not use it).
            var (from, to) = (word, word[..^1] + (char)(word[^1] + 1));
            plans = plans.Where(p => db.PlanSearchTerms.Any(t => t.PlanId == p.Id
                && string.Compare(t.Term, from) >= 0 && string.Compare(t.Term, to) < 0));
        }
        return plans;
    }
}
