using FspPortal.Domain.Common;

namespace FspPortal.Domain.Plans;

/// <summary>Hand over: the requester becomes a team member. Share: both stay coordinators.</summary>
public enum TransferMode { HandOver = 0, ShareCoordination = 1 }

public enum TransferStatus { Pending = 0, Accepted = 1, Declined = 2, Withdrawn = 3 }

/// <summary>A request to make <see cref="ToUserId"/> the plan's coordinator, waiting for their Authorise Transfer Yes/No.</summary>
public sealed record TransferRequest(Guid Id, string FromUserId, string ToUserId, TransferMode Mode, string? Note, DateTime RequestedUtc,
    TransferStatus Status = TransferStatus.Pending, DateTime? DecidedUtc = null, string? DeclineReason = null);

/// <summary>
/// Who is on a plan and how that changes (SPEC §5): attach a team member, transfer or share coordination with a Yes/No
/// from the recipient, step down, leave, detach. The one rule above all: a plan never lacks an active coordinator.
/// </summary>
public sealed partial class Plan
{
    private readonly List<TransferRequest> transfers = [];

    public IReadOnlyList<TransferRequest> Transfers => transfers;
    public TransferRequest? PendingTransfer => transfers.FirstOrDefault(t => t.Status == TransferStatus.Pending);

    public bool IsActiveMember(string userId) => members.Any(m => m.UserId == userId && m.IsActive);

    /// <summary>Asks <paramref name="toUserId"/> to become coordinator; nothing changes until they say Yes.</summary>
    /// <remarks>The family's list is enforced as for <see cref="AttachMember"/> when the recipient is not on the plan yet.</remarks>
    public TransferRequest RequestTransfer(Guid id, string actorUserId, SharingCandidate recipient, TransferMode mode, string? note, DateTime nowUtc,
        string? overrideReason = null)
    {
        var toUserId = recipient.UserId;
        if (!IsActiveCoordinator(actorUserId)) throw new DomainException("Only a coordinator of the plan can transfer it.");
        if (Status == PlanStatus.Closed) throw new DomainException("A closed plan cannot be transferred.");
        if (PendingTransfer is not null) throw new DomainException("This plan already has a transfer waiting for an answer. Withdraw it, or wait for the decision, before asking again.");
        if (!recipient.IsActive) throw new DomainException("That account is deactivated and cannot receive a transfer.");
        if (IsActiveCoordinator(toUserId)) throw new DomainException("That user is already a coordinator of this plan.");
        CheckLength(note, "The handover note", TextLimits.Long);
        if (ConsentWithdrawn is not null) throw new DomainException(CheckSharingWith(recipient).Closed!);
        if (!IsActiveMember(toUserId)) RespectFamilysWishes(actorUserId, recipient, overrideReason, nowUtc);
        var request = new TransferRequest(id, actorUserId, toUserId, mode, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), nowUtc);
        transfers.Add(request);
        events.Add(new TransferRequested(id, toUserId, mode, request.Note));
        return request;
    }

    /// <summary>The recipient's Authorise Transfer: Yes makes them coordinator (and the requester a team member when handing over).</summary>
    public TransferRequest DecideTransfer(Guid transferId, string actorUserId, bool authorise, string? declineReason, DateTime nowUtc)
    {
        var index = transfers.FindIndex(t => t.Id == transferId);
        if (index < 0) throw new DomainException("That transfer request was not found.");
        var request = transfers[index];
        if (request.ToUserId != actorUserId) throw new DomainException("Only the person the plan is being transferred to can decide.");
        if (request.Status != TransferStatus.Pending) throw new DomainException("This transfer has already been decided or withdrawn.");
        CheckLength(declineReason, "The reason", TextLimits.Long);

        if (authorise && (ConsentWithdrawn is not null || Consent.DoNotShareWith.Any(e => e.UserId == actorUserId)))
            throw new DomainException("The family has since asked that this plan is not shared with you, so the transfer cannot go ahead. Choose No.");
        if (authorise)
        {
            SetMember(request.ToUserId, PlanRole.Coordinator, active: true);
            if (request.Mode == TransferMode.HandOver && IsActiveCoordinator(request.FromUserId))
                SetMember(request.FromUserId, PlanRole.TeamAroundFamily, active: true);
        }
        var decided = request with
        {
            Status = authorise ? TransferStatus.Accepted : TransferStatus.Declined, DecidedUtc = nowUtc,
            DeclineReason = authorise || string.IsNullOrWhiteSpace(declineReason) ? null : declineReason.Trim(),
        };
        transfers[index] = decided;
        events.Add(new TransferDecided(decided.Id, decided.FromUserId, decided.ToUserId, authorise, decided.Mode, decided.DeclineReason));
        return decided;
    }

    public void WithdrawTransfer(Guid transferId, string actorUserId, DateTime nowUtc)
    {
        var index = transfers.FindIndex(t => t.Id == transferId);
        if (index < 0 || transfers[index].Status != TransferStatus.Pending) throw new DomainException("There is no waiting transfer to withdraw.");
        if (transfers[index].FromUserId != actorUserId) throw new DomainException("Only the person who asked for the transfer can withdraw it.");
        transfers[index] = transfers[index] with { Status = TransferStatus.Withdrawn, DecidedUtc = nowUtc };
        events.Add(new TransferWithdrawn(transferId, transfers[index].ToUserId));
    }

    /// <summary>A coordinator becomes a team member, while another active coordinator remains.</summary>
    public void StepDown(string actorUserId)
    {
        if (!IsActiveCoordinator(actorUserId)) throw new DomainException("Only a coordinator can step down.");
        if (ActiveCoordinatorCount <= 1) throw new DomainException("You are the plan's only coordinator: transfer it to someone first.");
        SetMember(actorUserId, PlanRole.TeamAroundFamily, active: true);
        events.Add(new CoordinatorSteppedDown());
    }

    /// <summary>A user leaves (unticks Active on their own line), or a coordinator detaches someone else.</summary>
    public void Detach(string actorUserId, string userId)
    {
        if (!IsActiveMember(userId)) throw new DomainException("That user is not on this plan.");
        if (actorUserId != userId && !IsActiveCoordinator(actorUserId)) throw new DomainException("Only a coordinator can remove someone else from the plan.");
        if (IsActiveCoordinator(userId) && ActiveCoordinatorCount <= 1)
            throw new DomainException("A plan must always have an active coordinator: transfer the plan before leaving it.");
        var member = members.Single(m => m.UserId == userId);
        SetMember(userId, member.Role, active: false);
        events.Add(actorUserId == userId ? new MemberLeft() : new MemberDetached(userId));
        // A pending transfer to someone who has left cannot be accepted any more.
        var pending = PendingTransfer;
        if (pending is not null && (pending.ToUserId == userId || pending.FromUserId == userId))
        {
            transfers[transfers.IndexOf(pending)] = pending with { Status = TransferStatus.Withdrawn };
            events.Add(new TransferWithdrawn(pending.Id, pending.ToUserId, BecauseSomeoneLeft: true));
        }
    }

    /// <summary>Records a document added to the plan (the bytes and their row live outside the aggregate); only someone on the plan may add one.</summary>
    public void RecordDocumentAdded(string actorUserId, Guid documentId, string fileName, string kind, long sizeBytes)
    {
        if (!IsActiveMember(actorUserId)) throw new DomainException("Only someone on the plan can add a document.");
        events.Add(new DocumentAdded(documentId, fileName, kind, sizeBytes));
    }

    /// <summary>A document may be deleted by the person who added it or by a coordinator.</summary>
    public void RecordDocumentDeleted(string actorUserId, Guid documentId, string fileName, string addedByUserId)
    {
        if (!IsActiveMember(actorUserId)) throw new DomainException("This document was not found.");
        if (actorUserId != addedByUserId && !IsActiveCoordinator(actorUserId))
            throw new DomainException("Only the person who added a document, or the plan's coordinator, can delete it.");
        events.Add(new DocumentDeleted(documentId, fileName));
    }

    private int ActiveCoordinatorCount => members.Count(m => m.IsActive && m.Role == PlanRole.Coordinator);

    private void SetMember(string userId, PlanRole role, bool active)
    {
        var index = members.FindIndex(m => m.UserId == userId);
        var member = new PlanMember(userId, role, active);
        if (index < 0) members.Add(member);
        else members[index] = member;
    }
}
