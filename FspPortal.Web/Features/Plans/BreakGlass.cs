using System.Security.Claims;
using FluentValidation;
using FspPortal.Domain.Plans;
using FspPortal.Web.Components.Shared;
using FspPortal.Web.Data;
using FspPortal.Web.Email;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Features.Jobs;
using FspPortal.Web.Features.Sharing;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Plans;

/// <summary>What an admin not on a plan sees before giving a reason: enough to support it, nothing about the family.</summary>
public sealed record PlanOutline(string? Reference, PlanStatus Status, IReadOnlyList<string> Coordinators, DateTime CreatedUtc);

/// <summary>The reason an admin gives for opening a plan they are not on.</summary>
public sealed class BreakGlassForm
{
    public string? Reason { get; set; }
    public string? Details { get; set; }
}

public sealed class BreakGlassFormValidator : AbstractValidator<BreakGlassForm>
{
    public BreakGlassFormValidator()
    {
        RuleFor(f => f.Reason).NotEmpty().WithMessage("Choose why you need to open the plan.")
            .Must(r => r is null || BreakGlass.Reasons.Contains(r)).WithMessage("Choose one of the reasons in the list.");
        RuleFor(f => f.Details).NotEmpty().WithMessage("Say what you need it for, so the coordinator understands.")
            .MaximumLength(BreakGlass.DetailsLimit).WithMessage($"Please keep this to {BreakGlass.DetailsLimit} characters or fewer.");
    }
}

/// <summary>
/// "Break-glass" reading: an admin who is not on a plan sees its outline (reference, status, coordinators) for support;
/// to open its content, PDF or documents they give a reason, which is audited and emailed to the plan's coordinators,
/// and opens it for them for <see cref="PlanAccess.BreakGlassLasts"/>.
/// </summary>
public sealed class BreakGlass(IDbContextFactory<FspDbContext> dbFactory, AuditLog audit, PortalAddress address, TimeProvider clock)
{
    public const int DetailsLimit = 500;

    public static readonly IReadOnlyList<string> Reasons =
    [
        "Safeguarding concern",
        "Asked to help by someone on the plan",
        "Subject access or other data protection request",
        "Data quality or audit check",
        "Other",
    ];

    /// <summary>The outline, for an admin who is not on the plan and has not given a reason; null for anyone else.</summary>
    public async Task<PlanOutline?> OutlineAsync(Guid planId, ClaimsPrincipal user)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await PlanAccess.ReaderAsync(db, planId, user, clock.GetUtcNow().UtcDateTime) != PlanReader.AdminNeedsReason) return null;
        var plan = await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => new { p.Reference, p.Status, p.CreatedUtc }).SingleAsync();
        var coordinators = (await CoordinatorsAsync(db, planId)).Select(c => c.NameAndAgency).Order().ToList();
        return new PlanOutline(plan.Reference, plan.Status, coordinators, plan.CreatedUtc);
    }

    /// <summary>
    /// Records the admin's reason (the audit line is what opens the plan) and queues the coordinators' emails, in one save.
    /// Returns the problems with the form, if any.
    /// </summary>
    public async Task<FormErrors> OpenAsync(Guid planId, ClaimsPrincipal user, BreakGlassForm form)
    {
        var errors = FormErrors.From(new BreakGlassFormValidator().Validate(form));
        if (errors.Any) return errors;
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        if (await PlanAccess.ReaderAsync(db, planId, user, now) != PlanReader.AdminNeedsReason)
        {
            errors.Add("Reason", "You cannot open this plan this way.");
            return errors;
        }
        var details = Domain.Common.CleanText.StripAndTrim(form.Details)!;
        var reason = $"{form.Reason} – {details}";
        var plan = await db.Plans.AsNoTracking().Where(p => p.Id == planId).Select(p => new { p.Reference }).SingleAsync();
        var planName = plan.Reference is null ? "a plan (its reference is given overnight)" : $"plan {plan.Reference}";

        // The audit line names the admin as History does; the emails name them the same way.
        var line = await audit.AddAsync(db, new AuditEvent(PlanAuditActions.BreakGlass, user.UserId(), user.Identity?.Name, "Plan", planId.ToString(),
            Details: reason, Summary: $"Opened the plan as an administrator (not on the plan), giving the reason: {reason}"));
        foreach (var coordinator in (await CoordinatorsAsync(db, planId)).Where(c => c.Email.Length > 0))
            EmailOutbox.Queue(db, SharingEmails.AdminOpened(coordinator.Email, coordinator.FullName, line.ActorName ?? "An administrator", planName, reason,
                $"{address.BaseUri}plans/{planId}"), now, planId);
        await db.SaveChangesAsync(); // the audit line and the emails together
        return errors;
    }

    /// <summary>The plan's active coordinators, as people.</summary>
    private static Task<List<Person>> CoordinatorsAsync(FspDbContext db, Guid planId) =>
        db.PlanMembers.AsNoTracking()
            .Where(m => m.PlanId == planId && m.IsActive && m.Role == PlanRole.Coordinator)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new Person(u.FullName, u.Email ?? "", u.Agency))
            .ToListAsync();
}
