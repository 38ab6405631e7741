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

public sealed record SweepResult(int SixWeeks, int TwelveWeeks, int DueSoon, int TransfersWaiting, int Emails)
{
    public string Summary =>
        $"New crossings: {SixWeeks} at 6 weeks, {TwelveWeeks} at 12 weeks; {DueSoon} reviews due soon; {TransfersWaiting} transfers waiting; {Emails} emails sent.";
}

/// <summary>
/// The nightly review sweep. In the database, set-based: one INSERT per kind records each new crossing (6 and 12 weeks
/// since the last review or completion, a next review within a few days, a transfer unanswered for a few days) — the
/// unique (plan, kind, anchor) index makes it once per crossing however often it runs. Then one email per person
/// lists what is new for them, and open dashboards of the plans that crossed are told to refresh their tiles.
/// Emails name no child: they give the plan's reference and a link (the portal, behind sign-in, shows the rest).
/// </summary>
public sealed class ReviewSweep(IDbContextFactory<FspDbContext> dbFactory, IEmailSender email, IPlanNotifier notifier, PortalAddress address,
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

        int six, twelve, dueSoon, transfers;
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
        }

        var emails = await SendOwedAsync(now, cancellationToken);
        await NotifyCrossingsAsync(now, cancellationToken);
        return new SweepResult(six, twelve, dueSoon, transfers, emails);
    }

    private sealed record Owed(long Id, Guid PlanId, string Kind, string? Reference, DateOnly? NextReview, string? TransferTo);

    /// <summary>
    /// Everything recorded but not yet emailed (this run's, and any a failed run left behind), one email per person.
    /// A reminder is marked sent only once its email has gone.
    /// </summary>
    private async Task<int> SendOwedAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var owed = await db.ReviewReminders.AsNoTracking().Where(r => r.EmailedUtc == null)
            .Join(db.Plans, r => r.PlanId, p => p.Id, (r, p) => new Owed(r.Id, r.PlanId, r.Kind, p.Reference, p.NextReviewDate, p.PendingTransferToUserId))
            .ToListAsync(cancellationToken);
        if (owed.Count == 0) return 0;

        var planIds = owed.Where(o => o.Kind != ReviewReminder.TransferWaiting).Select(o => o.PlanId).Distinct().ToList();
        var coordinators = new List<(Guid PlanId, string UserId)>();
        foreach (var chunk in planIds.Chunk(500))
            coordinators.AddRange((await db.PlanMembers.AsNoTracking()
                .Where(m => chunk.Contains(m.PlanId) && m.IsActive && m.Role == PlanRole.Coordinator)
                .Select(m => new { m.PlanId, m.UserId }).ToListAsync(cancellationToken)).Select(m => (m.PlanId, m.UserId)));

        var lines = owed.Where(o => o.Kind != ReviewReminder.TransferWaiting)
            .Join(coordinators, o => o.PlanId, c => c.PlanId, (o, c) => (c.UserId, Reminder: o))
            .Concat(owed.Where(o => o.Kind == ReviewReminder.TransferWaiting && o.TransferTo is not null).Select(o => (UserId: o.TransferTo!, Reminder: o)))
            .GroupBy(x => x.UserId)
            .ToList();
        var userIds = lines.Select(g => g.Key).ToList();
        var people = new Dictionary<string, (string Email, string Name, bool Active)>();
        foreach (var chunk in userIds.Chunk(500))
            foreach (var u in await db.Users.AsNoTracking().Where(u => chunk.Contains(u.Id)).Select(u => new { u.Id, u.Email, u.FullName, u.IsActive }).ToListAsync(cancellationToken))
                people[u.Id] = (u.Email ?? "", u.FullName, u.IsActive);

        var sent = 0;
        var done = owed.Where(o => o.Kind == ReviewReminder.TransferWaiting && o.TransferTo is null).Select(o => o.Id).ToList(); // answered meanwhile: nothing to say
        foreach (var group in lines)
        {
            var ids = group.Select(x => x.Reminder.Id).ToList();
            if (!people.TryGetValue(group.Key, out var person) || !person.Active || person.Email.Length == 0) { done.AddRange(ids); continue; }
            try
            {
                await email.SendAsync(Message(person.Email, person.Name, group.Select(x => x.Reminder).ToList()), cancellationToken);
                done.AddRange(ids);
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "A review reminder to user {UserId} could not be sent; it is sent at the next run", group.Key);
            }
        }
        // Reminders with no coordinator to tell are settled too, so they are not looked at every night.
        done.AddRange(owed.Where(o => o.Kind != ReviewReminder.TransferWaiting && coordinators.All(c => c.PlanId != o.PlanId)).Select(o => o.Id));
        foreach (var chunk in done.Distinct().Chunk(500))
            await db.ReviewReminders.Where(r => chunk.Contains(r.Id)).ExecuteUpdateAsync(set => set.SetProperty(r => r.EmailedUtc, now), cancellationToken);
        return sent;
    }

    private EmailMessage Message(string to, string name, IReadOnlyList<Owed> reminders)
    {
        var home = address.BaseUri;
        var items = new List<(string Text, string Link)>();
        // A plan past 12 weeks is listed once, at 12 weeks.
        var twelve = reminders.Where(r => r.Kind == ReviewReminder.TwelveWeeks).Select(r => r.PlanId).ToHashSet();
        foreach (var r in reminders.OrderBy(r => r.Kind).ThenBy(r => r.Reference))
        {
            var plan = r.Reference ?? "a plan whose reference is pending";
            var link = $"{home}plans/{r.PlanId}";
            switch (r.Kind)
            {
                case ReviewReminder.TwelveWeeks: items.Add(($"The review of {plan} is outstanding for 12 weeks or more.", link)); break;
                case ReviewReminder.SixWeeks when !twelve.Contains(r.PlanId): items.Add(($"The review of {plan} is outstanding for 6 weeks or more.", link)); break;
                case ReviewReminder.DueSoon: items.Add(($"The review of {plan} is due on {r.NextReview:d MMMM yyyy}.", link)); break;
                case ReviewReminder.TransferWaiting: items.Add(("A Family Support Plan is still waiting for you to authorise its transfer (Yes or No on Home).", home)); break;
            }
        }
        var subject = reminders.All(r => r.Kind == ReviewReminder.TransferWaiting) ? "A transfer is waiting for your answer" : "Family Support Plan reviews that need you";
        var text = $"Hello {name},\n\n" + string.Join("\n", items.Select(i => $"- {i.Text} {i.Link}")) + "\n\nFSP Portal";
        var html = $"<!DOCTYPE html><html lang=\"en\"><body style=\"font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#0b0c0c\"><p>Hello {WebUtility.HtmlEncode(name)},</p><ul>"
            + string.Concat(items.Select(i => $"<li>{WebUtility.HtmlEncode(i.Text)} <a href=\"{WebUtility.HtmlEncode(i.Link)}\">Open</a></li>"))
            + "</ul><p>FSP Portal</p></body></html>";
        return new EmailMessage(to, subject, text, html);
    }

    /// <summary>Plans that crossed a threshold in this run: their users' open Home pages recount the tiles.</summary>
    private async Task NotifyCrossingsAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var members = await db.ReviewReminders.AsNoTracking()
            .Where(r => r.CreatedUtc == now && (r.Kind == ReviewReminder.SixWeeks || r.Kind == ReviewReminder.TwelveWeeks))
            .Join(db.PlanMembers.Where(m => m.IsActive), r => r.PlanId, m => m.PlanId, (r, m) => new { r.PlanId, m.UserId })
            .ToListAsync(cancellationToken);
        foreach (var plan in members.GroupBy(m => m.PlanId))
            await notifier.NotifyAsync(new PlanChange(plan.Key, PlanChangeKind.Review), plan.Select(m => m.UserId).Distinct().ToList());
    }
}
