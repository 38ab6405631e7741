using FspPortal.Domain.Plans;
using FspPortal.Domain.Reference;
using FspPortal.Web.Data;
using FspPortal.Web.Email;
using FspPortal.Web.Features.Documents;
using FspPortal.Web.Features.Jobs;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Reference;
using FspPortal.Web.Features.Sharing;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Audit;

/// <summary>
/// Turns the events a change of a plan recorded into what must commit with it (ARCHITECTURE rule 5): one audit line per
/// event, worded for people; the emails the events cause; and one live notification for everyone concerned. All are
/// added to the caller's context, so they are saved in the same transaction as the plan — or not at all.
/// </summary>
public sealed class PlanEventLog(ReferenceData reference, PortalAddress address, IHttpContextAccessor httpContextAccessor)
{
    /// <param name="actorUserId">Who made the change; empty for the system (a job), written as no user.</param>
    public async Task AddAsync(FspDbContext db, PlanRecord record, Plan plan, string actorUserId, IReadOnlyList<PlanEvent> events,
        IEnumerable<string> audienceBefore, DateTime nowUtc)
    {
        if (events.Count == 0) return;
        var lists = await reference.GetAsync();
        var people = await PeopleAsync(db, events.SelectMany(Concerned).Append(actorUserId));
        var actor = people.GetValueOrDefault(actorUserId);
        var ip = httpContextAccessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
        var planId = record.Id.ToString();

        foreach (var e in events)
        {
            var (action, details, summary) = Describe(e, people, lists);
            db.AuditEntries.Add(new AuditEntry
            {
                OccurredUtc = nowUtc, ActorUserId = actorUserId.Length == 0 ? null : actorUserId, ActorEmail = actor?.Email, ActorName = actor?.NameAndAgency,
                Action = action, TargetType = "Plan", TargetId = planId, Details = details, Summary = summary, IpAddress = ip,
            });
            foreach (var email in Emails(e, record, plan, actor, people)) EmailOutbox.Queue(db, email, nowUtc, record.Id);
        }

        var audience = audienceBefore.Union(record.Members.Where(m => m.IsActive).Select(m => m.UserId))
            .Union(events.SelectMany(NotifiedBesidesMembers)).Append(actorUserId).Where(id => id.Length > 0).Distinct().ToList();
        db.PendingNotifications.Add(new PendingNotification { PlanId = record.Id, Kind = KindOf(events), UserIds = string.Join(' ', audience), CreatedUtc = nowUtc });
    }

    /// <summary>What an open page should do about these events (the most telling one wins).</summary>
    public static PlanChangeKind KindOf(IReadOnlyList<PlanEvent> events) =>
        events.Any(e => e is MemberLeft or MemberDetached or DraftDiscarded) ? PlanChangeKind.Detached
        : events.Any(e => e is PlanFinished or PlanClosed or PlanReopened or ConsentWithdrawnRecorded or PlanAnonymised) ? PlanChangeKind.Status
        : events.Any(e => e is ReviewAdded) ? PlanChangeKind.Review
        : events.Any(e => e is MemberAttached or TransferRequested or TransferDecided or TransferWithdrawn or CoordinatorSteppedDown or DocumentAdded or DocumentDeleted or FamilyWishOverridden)
            ? PlanChangeKind.Attachment
        : PlanChangeKind.Content;

    /// <summary>The audit action (stable, for searches), its details, and the sentence History shows.</summary>
    public static (string Action, string? Details, string Summary) Describe(PlanEvent e, IReadOnlyDictionary<string, Person> people, ReferenceSnapshot lists)
    {
        string Name(string userId) => people.GetValueOrDefault(userId)?.FullName ?? "a former user";
        return e switch
        {
            PlanStarted => (PlanAuditActions.DraftStarted, null, "Started the plan"),
            DraftDiscarded => (PlanAuditActions.DraftDiscarded, null, "Discarded the unfinished plan"),
            PlanSectionsEdited s => (PlanAuditActions.Edited, string.Join("; ", s.Sections), "Edited " + Words.List(s.Sections)),
            PlanFinished => (PlanAuditActions.Finished, null, "Finished the plan"),
            PlanClosed c => (PlanAuditActions.Closed, ClosureDetails(lists, c.ReasonCode, c.OtherReason) + (c.AtReview is { } n ? $" (at review {n})" : "") + Outcomes.OutcomeWords.ProgressSummary(c.Outcomes, lists),
                $"Closed: {ClosureDetails(lists, c.ReasonCode, c.OtherReason)}{(c.AtReview is { } r ? $" (at review {r})" : "")}{Outcomes.OutcomeWords.ProgressSummary(c.Outcomes, lists)}"),
            SustainedCheckRecorded s => (Outcomes.OutcomeActions.SustainedCheckRecorded, $"sustained on {s.Sustained} of {s.Needs}",
                $"Recorded the 6-month check: progress sustained on {s.Sustained} of {s.Needs} {(s.Needs == 1 ? "need" : "needs")}"),
            PlanReopened r => (PlanAuditActions.Reopened, r.Reason, $"Reopened: {r.Reason}"),
            MemberAttached a => (SharingActions.Attached, people.GetValueOrDefault(a.UserId)?.Email, $"Attached {Name(a.UserId)} as a team member"),
            TransferRequested t => (SharingActions.TransferRequested, $"to {people.GetValueOrDefault(t.ToUserId)?.Email}; {ModeWords(t.Mode)}",
                $"Transfer to {Name(t.ToUserId)} requested ({ModeWords(t.Mode)})"),
            TransferDecided { Authorised: true } d => (SharingActions.TransferAuthorised, null,
                $"Authorised the transfer from {Name(d.FromUserId)} ({ModeWords(d.Mode)})"),
            TransferDecided d => (SharingActions.TransferDeclined, d.DeclineReason,
                $"Declined the transfer from {Name(d.FromUserId)}{(d.DeclineReason is null ? "" : $": {d.DeclineReason}")}"),
            TransferWithdrawn { BecauseConsentWithdrawn: true } w => (SharingActions.TransferWithdrawn, "the family withdrew consent",
                $"Transfer to {Name(w.ToUserId)} withdrawn (the family withdrew consent)"),
            FamilyWishOverridden o => (SharingActions.WishOverridden, $"{people.GetValueOrDefault(o.UserId)?.Email}; matches {string.Join(", ", o.Entries)}; reason: {o.Reason}",
                $"Added {Name(o.UserId)} although the family asked not to share with {Words.List(o.Entries)}: {o.Reason}"),
            DoNotShareListChanged d => (SharingActions.DoNotShareListChanged, $"{d.Added} added, {d.Removed} removed, {d.Now} listed",
                $"Changed the family's \u201cdo not share with\u201d list ({d.Added} added, {d.Removed} removed, {d.Now} listed)"),
            ConsentWithdrawnRecorded c => (SharingActions.ConsentWithdrawn, $"on {PlanText.Date(c.WithdrawnOn)}{(c.AtReview is { } n ? $" (at review {n})" : "")}",
                $"Recorded that the family withdrew consent on {PlanText.Date(c.WithdrawnOn)}{(c.AtReview is { } r ? $" (at review {r})" : "")}"),
            LegalHoldPlaced h => (Retention.RetentionActions.LegalHoldPlaced, h.Reason, $"Placed a legal hold: {h.Reason}"),
            LegalHoldLifted h => (Retention.RetentionActions.LegalHoldLifted, h.Reason, $"Lifted the legal hold: {h.Reason}"),
            PlanAnonymised a => (Retention.RetentionActions.Anonymised, a.Basis, $"Anonymised ({a.Basis}): names, dates of birth, addresses, text and documents destroyed"),
            TransferWithdrawn { BecauseSomeoneLeft: true } w => (SharingActions.TransferWithdrawn, "someone left the plan",
                $"Transfer to {Name(w.ToUserId)} withdrawn (someone left the plan)"),
            TransferWithdrawn w => (SharingActions.TransferWithdrawn, null, $"Withdrew the transfer to {Name(w.ToUserId)}"),
            CoordinatorSteppedDown => (SharingActions.SteppedDown, null, "Stepped down from coordinator to team member"),
            MemberLeft => (SharingActions.Detached, "left the plan", "Left the plan"),
            MemberDetached d => (SharingActions.Detached, people.GetValueOrDefault(d.UserId)?.Email, $"Removed {Name(d.UserId)} from the plan"),
            ReviewAdded r => (PlanAuditActions.ReviewAdded, $"Review {r.Number}, meeting on {PlanText.Date(r.MeetingDate)}",
                $"Added review {r.Number} (meeting on {PlanText.Date(r.MeetingDate)})"),
            DocumentAdded d => (DocumentAuditActions.Added, $"{d.FileName} ({d.Kind}, {DocumentService.SizeInWords(d.SizeBytes)})",
                $"Added the document \u201c{d.FileName}\u201d ({d.Kind}, {DocumentService.SizeInWords(d.SizeBytes)})"),
            DocumentDeleted d => (DocumentAuditActions.Deleted, d.FileName, $"Deleted the document \u201c{d.FileName}\u201d"),
            _ => throw new ArgumentOutOfRangeException(nameof(e), e, "An event with no audit wording."),
        };
    }

    /// <summary>A closure's reason in words: the label, and the words given for "other".</summary>
    public static string ClosureDetails(ReferenceSnapshot reference, string? reasonCode, string? otherReason)
    {
        var label = reference.Label(ReferenceLists.ClosureReasons, reasonCode);
        return string.IsNullOrWhiteSpace(otherReason) || reasonCode != ReferenceLists.Other ? label : $"{label}: {otherReason.Trim()}";
    }

    private IEnumerable<EmailMessage> Emails(PlanEvent e, PlanRecord record, Plan plan, Person? actor, IReadOnlyDictionary<string, Person> people)
    {
        var link = $"{address.BaseUri}plans/{record.Id}";
        var actorName = actor?.FullName ?? "A colleague";
        switch (e)
        {
            case MemberAttached a when people.GetValueOrDefault(a.UserId) is { } attached:
                yield return SharingEmails.Attached(attached.Email, attached.FullName, plan.Child.FullName, link);
                break;
            case TransferRequested t when people.GetValueOrDefault(t.ToUserId) is { } recipient:
                yield return SharingEmails.TransferRequested(recipient.Email, recipient.FullName, actorName, address.BaseUri);
                break;
            case TransferDecided d when people.GetValueOrDefault(d.FromUserId) is { } requester:
                yield return SharingEmails.TransferDecided(requester.Email, requester.FullName, actorName, d.Authorised, d.DeclineReason, link);
                break;
        }
    }

    /// <summary>Whose names the event's wording or emails need.</summary>
    private static IEnumerable<string> Concerned(PlanEvent e) => e switch
    {
        MemberAttached a => [a.UserId],
        TransferRequested t => [t.ToUserId],
        TransferDecided d => [d.FromUserId, d.ToUserId],
        TransferWithdrawn w => [w.ToUserId],
        MemberDetached d => [d.UserId],
        FamilyWishOverridden o => [o.UserId],
        _ => [],
    };

    /// <summary>Who hears of the change although they are not on the plan: a transfer's recipient (their Home card).</summary>
    private static IEnumerable<string> NotifiedBesidesMembers(PlanEvent e) => e switch
    {
        TransferRequested t => [t.ToUserId],
        TransferWithdrawn w => [w.ToUserId],
        TransferDecided d => [d.ToUserId],
        _ => [],
    };

    private static string ModeWords(TransferMode mode) => mode == TransferMode.HandOver ? "hand over" : "share coordination";

    private static async Task<Dictionary<string, Person>> PeopleAsync(FspDbContext db, IEnumerable<string> userIds)
    {
        var ids = userIds.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => new Person(u.FullName, u.Email ?? "", u.Agency));
    }
}

/// <summary>Someone named in the audit: their name and agency read together.</summary>
public sealed record Person(string FullName, string Email, string Agency)
{
    public string NameAndAgency => string.IsNullOrWhiteSpace(Agency) ? FullName : $"{FullName} ({Agency})";
}

/// <summary>Small wording helpers for sentences in History.</summary>
public static class Words
{
    /// <summary>"A", "A and B", "A, B and C".</summary>
    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "nothing",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };
}
