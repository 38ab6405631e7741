using System.Security.Claims;
using FspPortal.Domain.Common;
using FspPortal.Domain.Plans;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Features.Documents;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Retention;

/// <summary>The retention rule in settings (UK GDPR Art. 5(1)(e)): how long a plan's personal data is kept after its clock starts.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";
    /// <summary>False keeps every plan for ever (the job then only reports). On by default: nobody has to remember.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Years after closure (or consent withdrawn); 0 turns this part off.</summary>
    public int YearsAfterClosure { get; set; } = 6;
    /// <summary>Until the youngest focus child reaches this age; 0 turns this part off.</summary>
    public int UntilYoungestChildAge { get; set; } = 25;
    /// <summary>True: the later of the two dates (the default); false: the earlier.</summary>
    public bool WhicheverIsLater { get; set; } = true;
    /// <summary>How many days ahead Admin → Retention lists plans, so a legal hold can be placed in time.</summary>
    public int NoticeDays { get; set; } = 30;

    public RetentionRule Rule => new(YearsAfterClosure, UntilYoungestChildAge, WhicheverIsLater);

    /// <summary>"6 years after closure or until the youngest child is 25, whichever is later".</summary>
    public string InWords => (YearsAfterClosure, UntilYoungestChildAge) switch
    {
        (> 0, > 0) => $"{YearsAfterClosure} years after closure or until the youngest child is {UntilYoungestChildAge}, whichever is {(WhicheverIsLater ? "later" : "earlier")}",
        (> 0, _) => $"{YearsAfterClosure} years after closure",
        _ => $"until the youngest child is {UntilYoungestChildAge}",
    };
}

/// <summary>A plan near or past its retention date, as Admin → Retention lists it: no names, only what an admin needs to decide on a hold.</summary>
public sealed record RetentionRow(Guid PlanId, string? Reference, string? AgencyCode, DateOnly ClockStartedOn, DateOnly KeepUntil, LegalHold? Hold);

public sealed record RetentionRunResult(int Anonymised, int Held, int Failed)
{
    public string Summary => $"{Anonymised} plan{(Anonymised == 1 ? "" : "s")} anonymised; {Held} past {(Held == 1 ? "its" : "their")} date kept under a legal hold" +
                             (Failed > 0 ? $"; {Failed} could not be anonymised and will be tried again tomorrow" : "") + ".";
}

public static class RetentionActions
{
    public const string LegalHoldPlaced = "Plan.LegalHoldPlaced";
    public const string LegalHoldLifted = "Plan.LegalHoldLifted";
    public const string Anonymised = "Plan.Anonymised";
}

/// <summary>
/// Retention and erasure: lists what is due, places and lifts legal holds, and anonymises — the one path by which a plan's
/// personal data is destroyed (the nightly job, and an erasure request under Art. 17). Anonymising a plan, in one
/// transaction: the aggregate wipes its state; its documents, form drafts and search terms go; its audit lines keep
/// what happened, who and when, but not the words (details and sentences that could hold names); emails about the plan
/// (which may name the child) lose their text. Folder documents are deleted once that has committed.
/// </summary>
public sealed class RetentionService(IDbContextFactory<FspDbContext> dbFactory, PlanStore store, PlanEventLog eventLog, DocumentStores documents,
    OutboxSignal outbox, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionService> logger)
{
    public const string RedactedEmail = "[Removed: the plan this email was about was anonymised under the retention rule.]";

    public RetentionOptions Options => options.Value;

    /// <summary>Plans whose retention date falls within the notice period (or has passed, when held), oldest date first.</summary>
    public async Task<IReadOnlyList<RetentionRow>> DueAsync(CancellationToken cancellationToken = default)
    {
        var today = UkTime.Today(clock);
        var horizon = today.AddDays(options.Value.NoticeDays);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candidates = await Candidates(db.Plans.AsNoTracking(), horizon).OrderBy(p => p.RetentionStartsOn).Take(1000).ToListAsync(cancellationToken);
        return candidates.Select(record => (record, plan: record.ToPlan()))
            .Select(x => (x.record, x.plan, until: KeepUntil(x.plan)))
            .Where(x => x.until <= horizon)
            .Select(x => new RetentionRow(x.record.Id, x.record.Reference, x.plan.Practitioner.AgencyCode, x.record.RetentionStartsOn!.Value, x.until!.Value, x.plan.LegalHold))
            .OrderBy(r => r.KeepUntil).ToList();
    }

    /// <summary>An admin keeps a plan past its retention date, with a reason (audited on the plan).</summary>
    public Task<StepSaveResult> PlaceHoldAsync(Guid planId, ClaimsPrincipal admin, string? reason) =>
        store.ChangeAsync(planId, admin.UserId(), (plan, _) => plan.PlaceLegalHold(admin.UserId(), reason, clock.GetUtcNow().UtcDateTime), reach: (plans, _) => plans);

    public Task<StepSaveResult> LiftHoldAsync(Guid planId, ClaimsPrincipal admin, string? reason) =>
        store.ChangeAsync(planId, admin.UserId(), (plan, _) => plan.LiftLegalHold(admin.UserId(), reason), reach: (plans, _) => plans);

    /// <summary>An erasure request (Art. 17) for the plan with <paramref name="reference"/>: anonymised at once, by the same path as retention.</summary>
    public async Task<StepSaveResult> EraseOnRequestAsync(string? reference, ClaimsPrincipal admin, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return StepSaveResult.Refused("Give the reason (for example, the date and reference of the erasure request).");
        if (reason.Length > TextLimits.Long) return StepSaveResult.Refused($"The reason must be {TextLimits.Long} characters or fewer.");
        if (PlanRecord.ParseReference(reference) is not { } number) return StepSaveResult.Refused("Enter the plan's reference, like FSP-000042.");
        Guid planId;
        await using (var db = await dbFactory.CreateDbContextAsync())
            planId = await db.Plans.Where(p => p.ReferenceNumber == number).Select(p => p.Id).SingleOrDefaultAsync();
        if (planId == Guid.Empty) return StepSaveResult.Refused("There is no plan with that reference.");
        return await AnonymiseAsync(planId, $"erasure request: {reason.Trim()}", admin.UserId());
    }

    /// <summary>The nightly run: anonymises every plan past its date that is not under a legal hold. Safe to run twice, or on two servers.</summary>
    public async Task<RetentionRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled) return new RetentionRunResult(0, 0, 0);
        var today = UkTime.Today(clock);
        var (anonymised, failed) = (0, 0);
        var tried = new HashSet<Guid>();
        while (!cancellationToken.IsCancellationRequested)
        {
            List<Guid> batch;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
                batch = await Candidates(db.Plans.AsNoTracking(), today).Where(p => !p.LegalHold)
                    .OrderBy(p => p.RetentionStartsOn).Select(p => p.Id).Take(200).ToListAsync(cancellationToken);
            batch = batch.Where(tried.Add).ToList(); // a plan that cannot be anonymised now is tried once per run
            if (batch.Count == 0) break;
            var basis = $"retention rule: {options.Value.InWords}";
            try
            {
                var (done, refusals) = await AnonymiseBatchAsync(batch, basis, actorUserId: null, onlyIfDue: today, cancellationToken);
                anonymised += done;
                failed += refusals.Values.Count(r => r is not (NotDue or PlanStore.Anonymised));
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone (or another server's run) changed one of them meanwhile: each is tried alone instead.
                foreach (var id in batch)
                {
                    var result = await AnonymiseAsync(id, basis, actorUserId: null, onlyIfDue: today, cancellationToken);
                    if (result.Succeeded) anonymised++;
                    else if (result.Problem is not (NotDue or PlanStore.Anonymised or PlanStore.ChangedByOthers)) failed++;
                }
            }
        }
        int held;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            held = (await Candidates(db.Plans.AsNoTracking().Where(p => p.LegalHold), today).ToListAsync(cancellationToken)).Count(r => KeepUntil(r.ToPlan()) <= today);
            if (anonymised > 0 && db.Database.IsSqlite())
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken); // the old pages leave the WAL file too
        }
        return new RetentionRunResult(anonymised, held, failed);
    }

    private const string NotDue = "not due";

    /// <summary>Anonymises one plan (see the class summary): an erasure request, or a plan of the nightly run tried alone.</summary>
    public async Task<StepSaveResult> AnonymiseAsync(Guid planId, string basis, string? actorUserId, DateOnly? onlyIfDue = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var (done, refusals) = await AnonymiseBatchAsync([planId], basis, actorUserId, onlyIfDue, cancellationToken);
            return done == 1 ? StepSaveResult.Ok : StepSaveResult.Refused(refusals.GetValueOrDefault(planId, PlanStore.NotFound));
        }
        catch (DbUpdateConcurrencyException)
        {
            return StepSaveResult.Refused(PlanStore.ChangedByOthers, conflict: true); // another server took it first
        }
    }

    /// <summary>
    /// Anonymises the plans in <paramref name="planIds"/> that may be (see the class summary) in one transaction: all of
    /// them, or — when one was changed meanwhile (<see cref="DbUpdateConcurrencyException"/>) — none. Returns how many,
    /// and why each other one was not.
    /// </summary>
    private async Task<(int Done, Dictionary<Guid, string> Refusals)> AnonymiseBatchAsync(IReadOnlyList<Guid> planIds, string basis, string? actorUserId,
        DateOnly? onlyIfDue, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var refusals = new Dictionary<Guid, string>();
        List<PlanDocument> documentRows;
        List<Guid> done;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var records = await db.Plans.Include(p => p.Members).Include(p => p.SearchTerms).Include(p => p.Needs).AsSplitQuery()
                .Where(p => planIds.Contains(p.Id)).ToListAsync(cancellationToken);
            var changed = new List<(PlanRecord Record, Plan Plan, List<string> ActiveBefore)>();
            foreach (var record in records)
            {
                if (record.AnonymisedUtc is not null) { refusals[record.Id] = PlanStore.Anonymised; continue; }
                var plan = record.ToPlan();
                if (onlyIfDue is { } day && (plan.LegalHold is not null || KeepUntil(plan) is not { } until || until > day)) { refusals[record.Id] = NotDue; continue; }
                var activeBefore = record.Members.Where(m => m.IsActive).Select(m => m.UserId).ToList();
                try
                {
                    plan.Anonymise(basis, now);
                }
                catch (DomainException e)
                {
                    refusals[record.Id] = e.Message;
                    continue;
                }
                record.Store(plan, now);
                record.Version++;
                changed.Add((record, plan, activeBefore));
            }
            if (changed.Count == 0) return (0, refusals);
            done = changed.Select(c => c.Record.Id).ToList();

            documentRows = await db.PlanDocuments.Where(d => done.Contains(d.PlanId)).ToListAsync(cancellationToken);
            var inDatabase = documentRows.Where(d => d.Store == DatabaseDocumentStore.StoreName).Select(d => d.StoredName).ToList();
            if (inDatabase.Count > 0) await db.DocumentChunks.Where(c => inDatabase.Contains(c.StoredName)).ExecuteDeleteAsync(cancellationToken);
            db.PlanDocuments.RemoveRange(documentRows);
            await db.FormDrafts.Where(d => done.Contains(d.PlanId)).ExecuteDeleteAsync(cancellationToken);
            await db.ReviewReminders.Where(r => done.Contains(r.PlanId)).ExecuteDeleteAsync(cancellationToken);

            // The audit keeps that things happened (action, who, when, outcome), not what was there. This is the one
            // place audit lines change: their words are removed, never the lines themselves.
            var targets = done.Select(id => id.ToString()).ToList();
            await db.AuditEntries.Where(a => a.TargetType == "Plan" && targets.Contains(a.TargetId!))
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.Details, (string?)null).SetProperty(a => a.Summary, (string?)null), cancellationToken);
            await db.OutgoingEmails.Where(e => e.PlanId != null && done.Contains(e.PlanId.Value))
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.TextBody, RedactedEmail).SetProperty(e => e.HtmlBody, RedactedEmail)
                    .SetProperty(e => e.Subject, "Family Support Plan"), cancellationToken);

            foreach (var (record, plan, activeBefore) in changed)
                await eventLog.AddAsync(db, record, plan, actorUserId ?? "", plan.TakeEvents(), activeBefore, now);
            await db.SaveChangesAsync(cancellationToken); // a plan changed meanwhile throws: nothing of the batch is kept
            await transaction.CommitAsync(cancellationToken);
        }
        outbox.Wake();
        foreach (var document in documentRows.Where(d => d.Store != DatabaseDocumentStore.StoreName))
        {
            try { await documents.For(document.Store).DeleteAsync(document.StoredName, CancellationToken.None); }
            catch (IOException e) { logger.LogError(e, "The file of document {Document} of anonymised plan {Plan} could not be deleted; delete it by hand", document.Id, document.PlanId); }
        }
        logger.LogInformation("{Plans} plans anonymised ({Basis}); {Documents} documents destroyed", done.Count, basis, documentRows.Count);
        return (done.Count, refusals);
    }

    private DateOnly? KeepUntil(Plan plan) => options.Value.Rule.KeepUntil(plan.RetentionClockStartedOn(UkTime.London), plan.YoungestFocusChildBirthDate);

    /// <summary>
    /// Plans that may be due by <paramref name="day"/>, from the indexed columns alone (a day's margin for 29 February);
    /// the exact date is then worked out from each plan.
    /// </summary>
    private IQueryable<PlanRecord> Candidates(IQueryable<PlanRecord> plans, DateOnly day)
    {
        var rule = options.Value;
        var margin = day.AddDays(1);
        var startedBy = rule.YearsAfterClosure > 0 ? margin.AddYears(-rule.YearsAfterClosure) : margin;
        var bornBy = rule.UntilYoungestChildAge > 0 ? margin.AddYears(-rule.UntilYoungestChildAge) : margin;
        plans = plans.Where(p => p.AnonymisedUtc == null && p.RetentionStartsOn != null);
        if (rule.YearsAfterClosure > 0 && rule.UntilYoungestChildAge > 0 && rule.WhicheverIsLater)
            return plans.Where(p => p.RetentionStartsOn <= startedBy && (p.YoungestChildBirthDate == null || p.YoungestChildBirthDate <= bornBy));
        if (rule.YearsAfterClosure > 0 && rule.UntilYoungestChildAge > 0)
            return plans.Where(p => p.RetentionStartsOn <= startedBy || (p.YoungestChildBirthDate != null && p.YoungestChildBirthDate <= bornBy));
        if (rule.YearsAfterClosure > 0) return plans.Where(p => p.RetentionStartsOn <= startedBy);
        return plans.Where(p => p.YoungestChildBirthDate == null ? p.RetentionStartsOn <= margin : p.YoungestChildBirthDate <= bornBy);
    }
}
