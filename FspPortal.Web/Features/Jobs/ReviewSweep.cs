using System.Net;
using FspPortal.Domain.Plans;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Email;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Jobs;

public sealed record SweepResult(int SixWeeks, int TwelveWeeks, int DueSoon, int TransfersWaiting, int Emails, int SustainedChecks = 0)
{
    public string Summary =>
        $"New crossings: {SixWeeks} at 6 weeks, {TwelveWeeks} at 12 weeks; {DueSoon} reviews due soon; {TransfersWaiting} transfers waiting; {SustainedChecks} 6-month checks due; {Emails} emails sent.";
}

/// <summary>
/// The nightly review sweep. In the database, set-based: one INSERT per kind records each new crossing (6 and 12 weeks
/// since the last review or completion, a next review within a few days, a transfer unanswered for a few days) — the
/// unique (plan, kind, anchor) index makes it once per crossing however often it runs. Then one email per person
/// lists what is new for them, and open dashboards of the plans that crossed are told to refresh their tiles.
/// Emails name no child: they give the plan's reference and a link (the portal, behind sign-in, shows the rest).
/// </summary>
public sealed class ReviewSweep(IDbContextFactory<FspDbContext> dbFactory, OutboxSignal outbox, IPlanNotifier notifier, PortalAddress address,
    IOptions<DashboardOptions> dashboard, IOptions<JobOptions> jobs, TimeProvider clock, ILogger<ReviewSweep> logger)
{
    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(UkTime.ToUk(now));
        var sixWeeksAgo = now.AddDays(-7 * dashboard.Value.ReviewOutstandingWeeks);
        var twelveWeeksAgo = now.AddDays(-7 * dashboard.Value.ReviewLongOutstandingWeeks);
        var dueBy = today.AddDays(jobs.Value.ReviewDueSoonDays);
        var transferCut = now.AddDays(-jobs.Value.TransferReminderDays);
        var open = (int)PlanStatus.Completed;
        var closed = (int)PlanStatus.Closed;

        var watch = System.Diagnostics.Stopwatch.StartNew();
        int six, twelve, dueSoon, transfers, checks;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
            // "WHERE … ON CONFLICT": the WHERE also keeps SQLite's parser from reading ON as a join.
            six = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ReviewReminders" ("PlanId", "Kind", "Anchor", "CreatedUtc")
                SELECT "Id", {ReviewReminder.SixWeeks}, CAST("ReviewClockStartUtc" AS TEXT), {now} FROM "Plans"
                WHERE "Status" = {open} AND "ReviewClockStartUtc" <= {sixWeeksAgo} AND "ReviewClockStartUtc" > {twelveWeeksAgo}
                ON CONFLICT ("PlanId", "Kind", "Anchor") DO NOTHING
                """, cancellationToken);
            twelve = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ReviewReminders" ("PlanId", "Kind", "Anchor", "CreatedUtc")
                SELECT "Id", {ReviewReminder.TwelveWeeks}, CAST("ReviewClockStartUtc" AS TEXT), {now} FROM "Plans"
                WHERE "Status" = {open} AND "ReviewClockStartUtc" <= {twelveWeeksAgo}
                ON CONFLICT ("PlanId", "Kind", "Anchor") DO NOTHING
                """, cancellationToken);
            dueSoon = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ReviewReminders" ("PlanId", "Kind", "Anchor", "CreatedUtc")
                SELECT "Id", {ReviewReminder.DueSoon}, CAST("NextReviewDate" AS TEXT), {now} FROM "Plans"
                WHERE "Status" = {open} AND "NextReviewDate" >= {today} AND "NextReviewDate" <= {dueBy}
                ON CONFLICT ("PlanId", "Kind", "Anchor") DO NOTHING
                """, cancellationToken);
            transfers = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ReviewReminders" ("PlanId", "Kind", "Anchor", "CreatedUtc")
                SELECT "Id", {ReviewReminder.TransferWaiting}, CAST("PendingTransferSinceUtc" AS TEXT) || ' ' || "PendingTransferToUserId", {now} FROM "Plans"
                WHERE "PendingTransferToUserId" IS NOT NULL AND "PendingTransferSinceUtc" <= {transferCut}
                ON CONFLICT ("PlanId", "Kind", "Anchor") DO NOTHING
                """, cancellationToken);
            // The 6-month check after a closure with progress claimed: once per closure (its due day is the anchor), from that day.
            checks = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "ReviewReminders" ("PlanId", "Kind", "Anchor", "CreatedUtc")
                SELECT "Id", {ReviewReminder.SustainedCheck}, CAST("SustainedCheckDueOn" AS TEXT), {now} FROM "Plans"
                WHERE "Status" = {closed} AND "SustainedCheckDueOn" <= {today}
                ON CONFLICT ("PlanId", "Kind", "Anchor") DO NOTHING
                """, cancellationToken);
        }

        var recorded = watch.Elapsed;
        var emails = await SendOwedAsync(now, cancellationToken);
        var emailed = watch.Elapsed;
        await NotifyCrossingsAsync(now, cancellationToken);
        logger.LogInformation("Review sweep: crossings recorded in {Recorded} ms, emails in {Emailed} ms, dashboards told in {Told} ms",
            (int)recorded.TotalMilliseconds, (int)(emailed - recorded).TotalMilliseconds, (int)(watch.Elapsed - emailed).TotalMilliseconds);
        return new SweepResult(six, twelve, dueSoon, transfers, emails, checks);
    }

    private sealed record Owed(long Id, Guid PlanId, string Kind, int? ReferenceNumber, DateOnly? NextReview, string UserId)
    {
        public string? Reference => ReferenceNumber is { } number ? PlanRecord.FormatReference(number) : null;
    }

    /// <summary>
    /// Everything recorded but not yet emailed (this run's, and any a stopped run left behind), one email per person:
    /// the plan's active coordinators for review reminders, the recipient for a waiting transfer. The emails are queued in
    /// the outbox in the same transaction that marks their reminders settled, so a crash neither loses nor repeats one;
    /// the outbox sends them and retries while the email service is down.
    /// </summary>
    private async Task<int> SendOwedAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        var owedIds = db.ReviewReminders.Where(r => r.EmailedUtc == null);
        var lastId = await owedIds.MaxAsync(r => (long?)r.Id, cancellationToken);
        if (lastId is null) return 0;
        var owed = db.ReviewReminders.AsNoTracking().Where(r => r.EmailedUtc == null && r.Id <= lastId)
            .Join(db.Plans, r => r.PlanId, p => p.Id, (r, p) => new { r.Id, r.PlanId, r.Kind, p.ReferenceNumber, p.NextReviewDate, p.PendingTransferToUserId });
        var toCoordinators = owed.Where(o => o.Kind != ReviewReminder.TransferWaiting)
            .Join(db.PlanMembers.Where(m => m.IsActive && m.Role == PlanRole.Coordinator), o => o.PlanId, m => m.PlanId,
                (o, m) => new Owed(o.Id, o.PlanId, o.Kind, o.ReferenceNumber, o.NextReviewDate, m.UserId));
        var toRecipients = owed.Where(o => o.Kind == ReviewReminder.TransferWaiting && o.PendingTransferToUserId != null)
            .Select(o => new Owed(o.Id, o.PlanId, o.Kind, o.ReferenceNumber, o.NextReviewDate, o.PendingTransferToUserId!));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var lines = (await toCoordinators.ToListAsync(cancellationToken)).Concat(await toRecipients.ToListAsync(cancellationToken))
            .GroupBy(o => o.UserId).ToList();
        var loaded = watch.Elapsed;

        var people = new Dictionary<string, (string Email, string Name, bool Active)>();
        foreach (var chunk in lines.Select(g => g.Key).Chunk(500))
            foreach (var u in await db.Users.AsNoTracking().Where(u => chunk.Contains(u.Id)).Select(u => new { u.Id, u.Email, u.FullName, u.IsActive }).ToListAsync(cancellationToken))
                people[u.Id] = (u.Email ?? "", u.FullName, u.IsActive);

        var sent = 0;
        foreach (var group in lines)
        {
            if (!people.TryGetValue(group.Key, out var person) || !person.Active || person.Email.Length == 0) continue; // nobody to tell
            EmailOutbox.Queue(db, Message(person.Email, person.Name, group.ToList()), now);
            sent++;
        }
        var mailed = watch.Elapsed;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await db.ReviewReminders.Where(r => r.EmailedUtc == null && r.Id <= lastId)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.EmailedUtc, now), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        outbox.Wake();
        logger.LogInformation("Review sweep emails: {Count} reminders read in {Loaded} ms, written in {Mailed} ms, queued and settled in {Settled} ms",
            lines.Sum(g => g.Count()), (int)loaded.TotalMilliseconds, (int)(mailed - loaded).TotalMilliseconds, (int)(watch.Elapsed - mailed).TotalMilliseconds);
        return sent;
    }

    /// <summary>The most an email lists; a longer catch-up ends with "and N more", since Home's red tiles list them all.</summary>
    public const int MostPerEmail = 25;

    private EmailMessage Message(string to, string name, List<Owed> reminders)
    {
        var home = address.BaseUri;
        // A plan past 12 weeks is listed once, at 12 weeks; the longest-waiting kinds first.
        var twelve = reminders.Where(r => r.Kind == ReviewReminder.TwelveWeeks).Select(r => r.PlanId).ToHashSet();
        var listed = reminders.Where(r => r.Kind != ReviewReminder.SixWeeks || !twelve.Contains(r.PlanId))
            .OrderBy(r => r.Kind switch { ReviewReminder.TransferWaiting => 0, ReviewReminder.TwelveWeeks => 1, ReviewReminder.SixWeeks => 2, ReviewReminder.DueSoon => 3, _ => 4 })
            .ThenBy(r => r.ReferenceNumber).ToList();
        var items = new List<(string Text, string Link)>();
        foreach (var r in listed.Take(MostPerEmail))
        {
            var plan = r.Reference ?? "a plan whose reference is pending";
            var link = $"{home}plans/{r.PlanId}";
            items.Add(r.Kind switch
            {
                ReviewReminder.TwelveWeeks => ($"The review of {plan} is outstanding for 12 weeks or more.", link),
                ReviewReminder.SixWeeks => ($"The review of {plan} is outstanding for 6 weeks or more.", link),
                ReviewReminder.DueSoon => ($"The review of {plan} is due on {r.NextReview:d MMMM yyyy}.", link),
                ReviewReminder.SustainedCheck => ($"{plan} was closed six months ago with progress claimed: record the 6-month check (was the progress sustained?).", link),
                _ => ("A Family Support Plan is still waiting for you to authorise its transfer (Yes or No on Home).", home),
            });
        }
        if (listed.Count > MostPerEmail)
            items.Add(($"And {listed.Count - MostPerEmail} more: the red tiles on Home list every plan whose review is outstanding.", home));
        var subject = reminders.All(r => r.Kind == ReviewReminder.TransferWaiting) ? "A transfer is waiting for your answer"
            : reminders.All(r => r.Kind == ReviewReminder.SustainedCheck) ? "A 6-month check is due" : "Family Support Plan reviews that need you";
        var text = $"Hello {name},\n\n" + string.Join("\n", items.Select(i => $"- {i.Text} {i.Link}")) + "\n\nFSP Portal";
        var html = $"<!DOCTYPE html><html lang=\"en\"><body style=\"font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#0b0c0c\"><p>Hello {WebUtility.HtmlEncode(name)},</p><ul>"
            + string.Concat(items.Select(i => $"<li>{WebUtility.HtmlEncode(i.Text)} <a href=\"{WebUtility.HtmlEncode(i.Link)}\">Open</a></li>"))
            + "</ul><p>FSP Portal</p></body></html>";
        return new EmailMessage(to, subject, text, html);
    }

    /// <summary>
    /// The users of plans that crossed a threshold in this run recount their tiles: one change per user (their Home and
    /// My FSP reload on any change), not one per plan — a first sweep over a large council crosses hundreds of thousands.
    /// </summary>
    private async Task NotifyCrossingsAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // One crossing per user (the newest) names the plan in their change: an aggregate both databases do with one
        // pass over this run's crossings (a first sweep records hundreds of thousands), then a lookup of those few rows.
        var newest = await db.ReviewReminders.AsNoTracking()
            .Where(r => r.CreatedUtc == now && (r.Kind == ReviewReminder.SixWeeks || r.Kind == ReviewReminder.TwelveWeeks || r.Kind == ReviewReminder.SustainedCheck))
            .Join(db.PlanMembers.Where(m => m.IsActive), r => r.PlanId, m => m.PlanId, (r, m) => new { r.Id, m.UserId })
            .GroupBy(x => x.UserId).Select(g => new { UserId = g.Key, ReminderId = g.Max(x => x.Id) })
            .ToListAsync(cancellationToken);
        var planOf = new Dictionary<long, Guid>();
        foreach (var chunk in newest.Select(n => n.ReminderId).Distinct().Chunk(1000))
            foreach (var r in await db.ReviewReminders.AsNoTracking().Where(r => chunk.Contains(r.Id)).Select(r => new { r.Id, r.PlanId }).ToListAsync(cancellationToken))
                planOf[r.Id] = r.PlanId;
        var users = newest.Select(n => new { n.UserId, PlanId = planOf[n.ReminderId] }).ToList();
        await notifier.NotifyManyAsync(users.Select(user => (new PlanChange(user.PlanId, PlanChangeKind.Review), (IReadOnlyList<string>)[user.UserId])));
    }
}
