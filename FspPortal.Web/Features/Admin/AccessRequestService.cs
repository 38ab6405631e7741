using FspPortal.Web.Data;
using FspPortal.Web.Email;
using FspPortal.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Admin;

/// <summary>The public Request access form and the admin queue behind it.</summary>
public sealed class AccessRequestService(
    IDbContextFactory<FspDbContext> dbFactory,
    AdminUserService adminUsers,
    IEmailSender email,
    AuditLog audit,
    TimeProvider clock,
    Account.AccountEmailLimiter emailLimiter)
{
    public async Task<AdminResult> SubmitAsync(AccessRequestModel model)
    {
        var validation = new AccessRequestModelValidator().Validate(model);
        if (!validation.IsValid) return AdminResult.Fail(validation.Errors[0].ErrorMessage, validation.Errors[0].PropertyName);

        await using var db = await dbFactory.CreateDbContextAsync();
        // One open request per address: posting the form again answers the same, stores nothing new and emails nobody.
        var address = model.Email.Trim();
        if (await db.AccessRequests.AnyAsync(r => r.Email == address && r.Status == AccessRequestStatus.Pending))
        {
            await audit.WriteAsync(new AuditEvent(AuditActions.AccessRequested, null, address, "AccessRequest", null, AuditOutcome.Failure,
                "a request from this address is already waiting"));
            return AdminResult.Ok();
        }
        var request = new AccessRequest
        {
            // Without hidden characters (NUL, bidirectional overrides): an admin reads these names and reasons.
            FullName = Domain.Common.CleanText.StripAndTrim(model.FullName)!, Email = model.Email.Trim(), Agency = Domain.Common.CleanText.StripAndTrim(model.Agency)!, JobTitle = Domain.Common.CleanText.StripAndTrim(model.JobTitle)!,
            Phone = model.Phone.Trim(), Reason = Domain.Common.CleanText.StripAndTrim(model.Reason) is { Length: > 0 } reason ? reason : null,
            RequestedUtc = clock.GetUtcNow().UtcDateTime, Status = AccessRequestStatus.Pending,
        };
        db.AccessRequests.Add(request);
        await db.SaveChangesAsync();
        await audit.WriteAsync(new AuditEvent(AuditActions.AccessRequested, null, request.Email, "AccessRequest", request.Id.ToString()));
        // The receipt carries no words from the form, so the form cannot be used to send anyone a message.
        if (emailLimiter.TryTake(request.Email)) await email.SendAsync(AccountEmails.AccessRequestReceived(request.Email));
        return AdminResult.Ok(request.Id.ToString());
    }

    public async Task<IReadOnlyList<AccessRequest>> PendingAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.AccessRequests.AsNoTracking().Where(r => r.Status == AccessRequestStatus.Pending)
            .OrderBy(r => r.RequestedUtc).ToListAsync();
    }

    /// <summary>Creates the account as a practitioner and emails the invitation.</summary>
    public async Task<AdminResult> ApproveAsync(int requestId, Actor actor)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var request = await db.AccessRequests.SingleOrDefaultAsync(r => r.Id == requestId);
        if (request is not { Status: AccessRequestStatus.Pending }) return AdminResult.Fail("This request has already been dealt with.");

        var created = await adminUsers.CreateAsync(new UserEditorModel
        {
            FullName = request.FullName, Email = request.Email, Agency = request.Agency, JobTitle = request.JobTitle,
            Phone = request.Phone, IsPractitioner = true,
        }, actor);
        if (!created.Succeeded) return created;

        Decide(request, AccessRequestStatus.Approved, actor, null);
        await db.SaveChangesAsync();
        await audit.WriteAsync(new AuditEvent(AuditActions.AccessApproved, actor.UserId, actor.Email, "AccessRequest", request.Id.ToString(),
            Details: $"account {created.Id}"));
        return created;
    }

    public async Task<AdminResult> DeclineAsync(int requestId, string? reason, Actor actor)
    {
        if (reason?.Length > 2000) return AdminResult.Fail("Please keep the reason to 2000 characters or fewer.", "Reason");
        await using var db = await dbFactory.CreateDbContextAsync();
        var request = await db.AccessRequests.SingleOrDefaultAsync(r => r.Id == requestId);
        if (request is not { Status: AccessRequestStatus.Pending }) return AdminResult.Fail("This request has already been dealt with.");

        Decide(request, AccessRequestStatus.Declined, actor, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
        await db.SaveChangesAsync();
        await audit.WriteAsync(new AuditEvent(AuditActions.AccessDeclined, actor.UserId, actor.Email, "AccessRequest", request.Id.ToString(),
            Details: request.DeclineReason));
        await email.SendAsync(AccountEmails.AccessRequestDeclined(request.Email, request.FullName, request.DeclineReason));
        return AdminResult.Ok();
    }

    private void Decide(AccessRequest request, AccessRequestStatus status, Actor actor, string? reason)
    {
        request.Status = status;
        request.DecidedUtc = clock.GetUtcNow().UtcDateTime;
        request.DecidedByUserId = actor.UserId;
        request.DeclineReason = reason;
    }
}
