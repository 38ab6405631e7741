using System.Security.Claims;
using FspPortal.Domain.Plans;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Email;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Sharing;

public sealed record AttachCandidate(string UserId, string FullName, string Email, string Agency);

/// <summary>
/// The family's wishes about one candidate: <see cref="Refused"/> (cannot be added), or <see cref="NeedsConfirmation"/> (a
/// coordinator may add them with a reason; <see cref="ActorCanConfirm"/> says whether the person asking is one), or neither.
/// </summary>
public sealed record SharingAdvice(string? Refused, string? NeedsConfirmation, bool ActorCanConfirm);

/// <summary>A transfer waiting for this user's Authorise Transfer Yes/No: only a summary, the plan stays hidden until Yes.</summary>
public sealed record TransferCard(Guid PlanId, Guid TransferId, string? ChildName, string? FamilyName, string FromName, TransferMode Mode, string? Note, DateTime RequestedUtc);

/// <summary>
/// Attach, transfer (Yes/No), withdraw, step down, leave and detach (SPEC §5): the aggregate's rules through
/// <see cref="PlanStore"/>, which audits them, queues their emails and pushes them live to exactly the plan's users, in one transaction.
/// </summary>
public sealed class PlanSharingService(IDbContextFactory<FspDbContext> dbFactory, PlanStore store, TimeProvider clock)
{
    /// <summary>Active practitioners matching name, email or user id, for the Attach user search.</summary>
    public async Task<IReadOnlyList<AttachCandidate>> SearchRosterAsync(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length < 2) return [];
        var term = text.Trim().ToLower();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await (from u in db.Users
                      join ur in db.UserRoles on u.Id equals ur.UserId
                      join r in db.Roles on ur.RoleId equals r.Id
                      where r.Name == Roles.Practitioner && u.IsActive
                            && (u.FullName.ToLower().Contains(term) || u.Email!.ToLower().Contains(term) || u.Id == text.Trim())
                      orderby u.FullName
                      select new AttachCandidate(u.Id, u.FullName, u.Email!, u.Agency)).Take(20).ToListAsync();
    }

    /// <summary>
    /// Organisations a family may name on step 1: the agencies list's entries and the agencies practitioners' accounts name
    /// ("Acme Housing Association"), matching <paramref name="text"/>; typed names not among them are fine too.
    /// </summary>
    public async Task<IReadOnlyList<string>> SearchOrganisationsAsync(string? text, IEnumerable<string> agencyLabels)
    {
        var term = Plan.Fold(text);
        await using var db = await dbFactory.CreateDbContextAsync();
        var lowered = (text ?? "").Trim().ToLower();
        var fromAccounts = await db.Users.AsNoTracking().Where(u => u.IsActive && u.Agency != "" && (lowered == "" || u.Agency.ToLower().Contains(lowered)))
            .Select(u => u.Agency).Distinct().OrderBy(a => a).Take(20).ToListAsync();
        return agencyLabels.Where(l => term.Length == 0 || Plan.Fold(l).Contains(term, StringComparison.Ordinal)).Concat(fromAccounts)
            .DistinctBy(Plan.Fold).Take(20).ToList();
    }

    /// <summary>
    /// What the family's wishes say about adding <paramref name="userId"/> to the plan, before anyone presses Save: refused
    /// (a listed person, or consent withdrawn), a coordinator's confirmation with a reason needed (a listed agency), or fine.
    /// </summary>
    public async Task<SharingAdvice> CheckAsync(Guid planId, ClaimsPrincipal actor, string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var record = await db.Plans.AsNoTracking().VisibleTo(db, actor.UserId()).SingleOrDefaultAsync(p => p.Id == planId);
        var target = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId);
        if (record is null || target is null) return new SharingAdvice(PlanStore.NotFound, null, false);
        var plan = record.ToPlan();
        var check = plan.CheckSharingWith(Candidate(target));
        return new SharingAdvice(check.RefusalMessage(target.FullName), check.NeedsConfirmation ? check.ConfirmationMessage(target.FullName, target.Agency) : null,
            plan.IsActiveCoordinator(actor.UserId()));
    }

    /// <param name="overrideReason">The coordinator's reason to attach someone whose agency the family listed (audited, shown on the overview).</param>
    public async Task<StepSaveResult> AttachAsync(Guid planId, ClaimsPrincipal actor, string userId, string? overrideReason = null)
    {
        var target = Candidate(await UserAsync(userId), userId);
        return await store.ChangeAsync(planId, actor.UserId(), (plan, _) => plan.AttachMember(actor.UserId(), target, overrideReason, clock.GetUtcNow().UtcDateTime));
    }

    public async Task<StepSaveResult> RequestTransferAsync(Guid planId, ClaimsPrincipal actor, string toUserId, TransferMode mode, string? note, string? overrideReason = null)
    {
        var target = Candidate(await UserAsync(toUserId), toUserId);
        return await store.ChangeAsync(planId, actor.UserId(),
            (plan, _) => plan.RequestTransfer(Guid.NewGuid(), actor.UserId(), target, mode, note, clock.GetUtcNow().UtcDateTime, overrideReason));
    }

    /// <summary>Records that the family withdrew consent: no new attachments or transfers from then on (a waiting transfer is withdrawn).</summary>
    public Task<StepSaveResult> WithdrawConsentAsync(Guid planId, ClaimsPrincipal actor, DateOnly withdrawnOn, string? note) =>
        store.ChangeAsync(planId, actor.UserId(), (plan, _) => plan.WithdrawConsent(actor.UserId(), withdrawnOn, note, UkTime.Today(clock), clock.GetUtcNow().UtcDateTime));

    private static SharingCandidate Candidate(ApplicationUser? user, string? userId = null) =>
        user is null ? new SharingCandidate(userId ?? "", "", "", IsActive: false) : new SharingCandidate(user.Id, user.FullName, user.Agency, user.IsActive);

    /// <summary>Transfers waiting for <paramref name="userId"/>'s Yes/No (found by index, shown as a summary).</summary>
    public async Task<IReadOnlyList<TransferCard>> WaitingForAsync(string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var records = await db.Plans.AsNoTracking().Where(p => p.PendingTransferToUserId == userId).ToListAsync();
        var cards = new List<TransferCard>();
        foreach (var record in records)
        {
            var plan = record.ToPlan();
            var request = plan.PendingTransfer!;
            var from = await db.Users.Where(u => u.Id == request.FromUserId).Select(u => u.FullName).SingleOrDefaultAsync() ?? "A colleague";
            cards.Add(new TransferCard(plan.Id, request.Id, plan.Child.FullName, plan.FamilyName, from, request.Mode, request.Note, request.RequestedUtc));
        }
        return cards;
    }

    /// <summary>The recipient's Authorise Transfer. Only the recipient can reach the plan here (they are not on it before Yes).</summary>
    public async Task<StepSaveResult> DecideAsync(Guid planId, Guid transferId, ClaimsPrincipal actor, bool authorise, string? reason)
    {
        var userId = actor.UserId();
        var result = await store.ChangeAsync(planId, userId,
            (plan, _) => plan.DecideTransfer(transferId, userId, authorise, reason, clock.GetUtcNow().UtcDateTime),
            reach: (plans, _) => plans.Where(p => p.PendingTransferToUserId == userId));
        return result.Problem == PlanStore.NotFound ? StepSaveResult.Refused("This transfer is no longer waiting for you.") : result;
    }

    public Task<StepSaveResult> WithdrawAsync(Guid planId, Guid transferId, ClaimsPrincipal actor) =>
        store.ChangeAsync(planId, actor.UserId(), (plan, _) => plan.WithdrawTransfer(transferId, actor.UserId(), clock.GetUtcNow().UtcDateTime));

    public Task<StepSaveResult> StepDownAsync(Guid planId, ClaimsPrincipal actor) =>
        store.ChangeAsync(planId, actor.UserId(), (plan, _) => plan.StepDown(actor.UserId()));

    /// <summary>Leave (your own line) or, for a coordinator, remove someone. They lose access at once.</summary>
    public Task<StepSaveResult> DetachAsync(Guid planId, ClaimsPrincipal actor, string userId) =>
        store.ChangeAsync(planId, actor.UserId(), (plan, _) => plan.Detach(actor.UserId(), userId));

    private async Task<ApplicationUser?> UserAsync(string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId);
    }
}

/// <summary>The audit actions of sharing (stable names for searches).</summary>
public static class SharingActions
{
    public const string Attached = "Plan.MemberAttached";
    public const string TransferRequested = "Plan.TransferRequested";
    public const string TransferAuthorised = "Plan.TransferAuthorised";
    public const string TransferDeclined = "Plan.TransferDeclined";
    public const string TransferWithdrawn = "Plan.TransferWithdrawn";
    public const string SteppedDown = "Plan.CoordinatorSteppedDown";
    public const string Detached = "Plan.MemberDetached";
    /// <summary>A coordinator added someone who matches the family's "do not share with" list, giving a reason.</summary>
    public const string WishOverridden = "Plan.FamilyWishOverridden";
    /// <summary>The family's "do not share with" list changed after the plan was finished.</summary>
    public const string DoNotShareListChanged = "Plan.DoNotShareListChanged";
    public const string ConsentWithdrawn = "Plan.ConsentWithdrawn";
}
