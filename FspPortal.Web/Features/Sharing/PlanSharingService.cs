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

/// <summary>A transfer waiting for this user's Authorise Transfer Yes/No: only a summary, the plan stays hidden until Yes.</summary>
public sealed record TransferCard(Guid PlanId, Guid TransferId, string? ChildName, string? FamilyName, string FromName, TransferMode Mode, string? Note, DateTime RequestedUtc);

/// <summary>
/// Attach, transfer (Yes/No), withdraw, step down, leave and detach (SPEC §5): the aggregate's rules through
/// <see cref="PlanStore"/> (so every change is pushed live to exactly the plan's users), then audit and email.
/// </summary>
public sealed class PlanSharingService(IDbContextFactory<FspDbContext> dbFactory, PlanStore store, AuditLog audit, IEmailSender email,
    IPlanNotifier notifier, TimeProvider clock)
{
    public static class Actions
    {
        public const string Attached = "Plan.MemberAttached";
        public const string TransferRequested = "Plan.TransferRequested";
        public const string TransferAuthorised = "Plan.TransferAuthorised";
        public const string TransferDeclined = "Plan.TransferDeclined";
        public const string TransferWithdrawn = "Plan.TransferWithdrawn";
        public const string SteppedDown = "Plan.CoordinatorSteppedDown";
        public const string Detached = "Plan.MemberDetached";
    }

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

    public async Task<StepSaveResult> AttachAsync(Guid planId, ClaimsPrincipal actor, string userId, string baseUri)
    {
        var target = await UserAsync(userId);
        var result = await store.ChangeAsync(planId, actor.UserId(), PlanChangeKind.Attachment,
            (plan, _) => plan.AttachMember(actor.UserId(), userId, target is { IsActive: true }));
        if (!result.Succeeded) return result;
        await audit.WriteAsync(new AuditEvent(Actions.Attached, actor.UserId(), actor.Identity?.Name, "Plan", planId.ToString(), Details: target!.Email));
        await email.SendAsync(SharingEmails.Attached(target.Email!, target.FullName, await ChildNameAsync(planId), $"{baseUri}plans/{planId}"));
        return result;
    }

    public async Task<StepSaveResult> RequestTransferAsync(Guid planId, ClaimsPrincipal actor, string toUserId, TransferMode mode, string? note, string baseUri)
    {
        var target = await UserAsync(toUserId);
        var result = await store.ChangeAsync(planId, actor.UserId(), PlanChangeKind.Attachment,
            (plan, _) => plan.RequestTransfer(Guid.NewGuid(), actor.UserId(), toUserId, target is { IsActive: true }, mode, note, clock.GetUtcNow().UtcDateTime));
        if (!result.Succeeded) return result;
        await audit.WriteAsync(new AuditEvent(Actions.TransferRequested, actor.UserId(), actor.Identity?.Name, "Plan", planId.ToString(),
            Details: $"to {target!.Email}; {(mode == TransferMode.HandOver ? "hand over" : "share coordination")}"));
        // The recipient is not on the plan yet: their Home hears of the card directly.
        await notifier.NotifyAsync(new PlanChange(planId, PlanChangeKind.Attachment), [toUserId]);
        await email.SendAsync(SharingEmails.TransferRequested(target.Email!, target.FullName, actor.Identity?.Name ?? "A colleague", baseUri));
        return result;
    }

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
    public async Task<StepSaveResult> DecideAsync(Guid planId, Guid transferId, ClaimsPrincipal actor, bool authorise, string? reason, string baseUri)
    {
        var userId = actor.UserId();
        TransferRequest? decided = null;
        var result = await store.ChangeAsync(planId, userId, PlanChangeKind.Attachment,
            (plan, _) => decided = plan.DecideTransfer(transferId, userId, authorise, reason, clock.GetUtcNow().UtcDateTime),
            reach: (plans, _) => plans.Where(p => p.PendingTransferToUserId == userId));
        if (!result.Succeeded)
            return result.Problem == PlanStore.NotFound ? StepSaveResult.Refused("This transfer is no longer waiting for you.") : result;
        await audit.WriteAsync(new AuditEvent(authorise ? Actions.TransferAuthorised : Actions.TransferDeclined, userId, actor.Identity?.Name,
            "Plan", planId.ToString(), Details: decided!.DeclineReason));
        var requester = await UserAsync(decided.FromUserId);
        if (requester is not null)
            await email.SendAsync(SharingEmails.TransferDecided(requester.Email!, requester.FullName, actor.Identity?.Name ?? "Your colleague",
                authorise, decided.DeclineReason, $"{baseUri}plans/{planId}"));
        return StepSaveResult.Ok;
    }

    public async Task<StepSaveResult> WithdrawAsync(Guid planId, Guid transferId, ClaimsPrincipal actor)
    {
        string? recipient = null;
        var result = await store.ChangeAsync(planId, actor.UserId(), PlanChangeKind.Attachment, (plan, _) =>
        {
            recipient = plan.Transfers.FirstOrDefault(t => t.Id == transferId)?.ToUserId;
            plan.WithdrawTransfer(transferId, actor.UserId(), clock.GetUtcNow().UtcDateTime);
        });
        if (!result.Succeeded) return result;
        if (recipient is not null) await notifier.NotifyAsync(new PlanChange(planId, PlanChangeKind.Attachment), [recipient]);
        await audit.WriteAsync(new AuditEvent(Actions.TransferWithdrawn, actor.UserId(), actor.Identity?.Name, "Plan", planId.ToString()));
        return result;
    }

    public async Task<StepSaveResult> StepDownAsync(Guid planId, ClaimsPrincipal actor)
    {
        var result = await store.ChangeAsync(planId, actor.UserId(), PlanChangeKind.Attachment, (plan, _) => plan.StepDown(actor.UserId()));
        if (result.Succeeded) await audit.WriteAsync(new AuditEvent(Actions.SteppedDown, actor.UserId(), actor.Identity?.Name, "Plan", planId.ToString()));
        return result;
    }

    /// <summary>Leave (your own line) or, for a coordinator, remove someone. They lose access at once.</summary>
    public async Task<StepSaveResult> DetachAsync(Guid planId, ClaimsPrincipal actor, string userId)
    {
        var result = await store.ChangeAsync(planId, actor.UserId(), PlanChangeKind.Detached, (plan, _) => plan.Detach(actor.UserId(), userId));
        if (result.Succeeded)
        {
            var who = await UserAsync(userId);
            await audit.WriteAsync(new AuditEvent(Actions.Detached, actor.UserId(), actor.Identity?.Name, "Plan", planId.ToString(),
                Details: userId == actor.UserId() ? "left the plan" : who?.Email));
        }
        return result;
    }

    private async Task<ApplicationUser?> UserAsync(string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId);
    }

    private async Task<string> ChildNameAsync(Guid planId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Plans.Where(p => p.Id == planId).Select(p => p.ChildFirstName + " " + p.ChildLastName).SingleAsync();
    }
}
