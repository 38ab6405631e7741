using FspPortal.Domain.Accounts;
using FspPortal.Web.Data;
using FspPortal.Web.Email;
using FspPortal.Web.Features.Account;
using FspPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Admin;

/// <summary>Who is doing an admin action (for the audit log and the "not yourself" rules).</summary>
public sealed record Actor(string UserId, string? Email)
{
    public static Actor From(System.Security.Claims.ClaimsPrincipal user) =>
        new(user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value, user.Identity?.Name);
}

/// <summary>The outcome of an admin action: success, or a message for one field (or for the form when Field is null).</summary>
public sealed record AdminResult(bool Succeeded, string? Field = null, string? Error = null, string? Id = null)
{
    public static AdminResult Ok(string? id = null) => new(true, Id: id);
    public static AdminResult Fail(string error, string? field = null) => new(false, field, error);
}

public sealed record RosterRow(string Id, string FullName, string Email, string Agency, string JobTitle, string Phone,
    IReadOnlyList<string> Roles, bool IsActive, bool HasPassword, DateTime? LastSignInUtc, string SignInMethods = "Emailed code");

public enum RosterSort { Name, Email, Agency, LastSignIn, Active }

public sealed record RosterQuery(string? Search, int Page, int PageSize, RosterSort SortBy = RosterSort.Name, bool Descending = false);

/// <summary>
/// The admin roster: reads paged in the database, and every account change with its audit line and email.
/// UserManager comes from a fresh scope per call (a circuit lives for hours; its scope would go stale).
/// </summary>
public sealed class AdminUserService(
    IServiceScopeFactory scopeFactory,
    IDbContextFactory<FspDbContext> dbFactory,
    IEmailSender email,
    AccountLinks links,
    AuditLog audit,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<SecurityOptions> security,
    SignInThrottle throttle,
    UserSessions sessions)
{
    public async Task<(IReadOnlyList<RosterRow> Rows, int Total)> SearchAsync(RosterQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim().ToLower();
            users = users.Where(u => u.FullName.ToLower().Contains(term) || u.Email!.ToLower().Contains(term)
                                     || u.Agency.ToLower().Contains(term) || u.Id == query.Search.Trim());
        }
        var total = await users.CountAsync(cancellationToken);
        users = (query.SortBy, query.Descending) switch
        {
            (RosterSort.Email, false) => users.OrderBy(u => u.Email),
            (RosterSort.Email, true) => users.OrderByDescending(u => u.Email),
            (RosterSort.Agency, false) => users.OrderBy(u => u.Agency).ThenBy(u => u.FullName),
            (RosterSort.Agency, true) => users.OrderByDescending(u => u.Agency).ThenBy(u => u.FullName),
            (RosterSort.LastSignIn, false) => users.OrderBy(u => u.LastSignInUtc).ThenBy(u => u.FullName),
            (RosterSort.LastSignIn, true) => users.OrderByDescending(u => u.LastSignInUtc).ThenBy(u => u.FullName),
            (RosterSort.Active, false) => users.OrderBy(u => u.IsActive).ThenBy(u => u.FullName),
            (RosterSort.Active, true) => users.OrderByDescending(u => u.IsActive).ThenBy(u => u.FullName),
            (_, true) => users.OrderByDescending(u => u.FullName).ThenBy(u => u.Id),
            _ => users.OrderBy(u => u.FullName).ThenBy(u => u.Id),
        };
        var page = await users.Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(u => new { u.Id, u.FullName, u.Email, u.Agency, u.JobTitle, u.PhoneNumber, u.IsActive, HasPassword = u.PasswordHash != null, u.LastSignInUtc, u.AuthenticatorAddedUtc })
            .ToListAsync(cancellationToken);
        var ids = page.Select(u => u.Id).ToList();
        var passkeys = await db.UserPasskeys.Where(p => ids.Contains(p.UserId)).GroupBy(p => p.UserId)
            .Select(g => new { UserId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.UserId, g => g.Count, cancellationToken);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(cancellationToken);
        var rows = page.Select(u => new RosterRow(u.Id, u.FullName, u.Email ?? "", u.Agency, u.JobTitle, u.PhoneNumber ?? "",
                roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order().ToList(), u.IsActive, u.HasPassword, u.LastSignInUtc,
                MethodsSummary.Describe(passkeys.GetValueOrDefault(u.Id), u.AuthenticatorAddedUtc is not null)))
            .ToList();
        return (rows, total);
    }

    public async Task<UserEditorModel?> GetForEditAsync(string userId)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return null;
        var roles = await users.GetRolesAsync(user);
        return new UserEditorModel
        {
            Id = user.Id, FullName = user.FullName, Email = user.Email ?? "", Agency = user.Agency, JobTitle = user.JobTitle,
            Phone = PhoneNumber.Display(user.PhoneNumber), IsAdmin = roles.Contains(Roles.Admin), IsPractitioner = roles.Contains(Roles.Practitioner),
            IsManager = roles.Contains(Roles.Manager), ManagesAgency = user.ManagesAgencyCode ?? "",
        };
    }

    /// <summary>Creates the account (no password) and emails its one-time set-password link.</summary>
    public async Task<AdminResult> CreateAsync(UserEditorModel model, Actor actor)
    {
        var invalid = Validate(model);
        if (invalid is not null) return invalid;

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var emailAddress = model.Email.Trim();
        if (await users.FindByEmailAsync(emailAddress) is not null)
            return AdminResult.Fail("An account with this email address already exists.", nameof(model.Email));

        var user = new ApplicationUser
        {
            UserName = emailAddress, Email = emailAddress, FullName = Clean(model.FullName), Agency = Clean(model.Agency),
            JobTitle = Clean(model.JobTitle), PhoneNumber = NormalisedPhone(model.Phone), TwoFactorEnabled = true,
            IsActive = true, CreatedUtc = clock.GetUtcNow().UtcDateTime, ManagesAgencyCode = ManagerScope(model),
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded) return AdminResult.Fail(string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRolesAsync(user, model.Roles);
        await audit.WriteAsync(new AuditEvent(AuditActions.AccountCreated, actor.UserId, actor.Email, "User", user.Id,
            Details: $"{user.Email}; roles {string.Join(", ", model.Roles)}"));
        await SendInvitationAsync(users, user, actor);
        return AdminResult.Ok(user.Id);
    }

    public async Task<AdminResult> UpdateAsync(UserEditorModel model, Actor actor)
    {
        var invalid = Validate(model);
        if (invalid is not null) return invalid;

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = model.Id is null ? null : await users.FindByIdAsync(model.Id);
        if (user is null) return AdminResult.Fail("This account no longer exists.");

        var currentRoles = await users.GetRolesAsync(user);
        if (currentRoles.Contains(Roles.Admin) && !model.IsAdmin)
        {
            if (user.Id == actor.UserId) return AdminResult.Fail("You cannot remove your own Admin role.", nameof(model.IsAdmin));
            if (await CountActiveAdminsAsync() <= 1 && user.IsActive) return AdminResult.Fail("The portal needs at least one active admin.", nameof(model.IsAdmin));
        }

        var emailAddress = model.Email.Trim();
        if (!string.Equals(user.Email, emailAddress, StringComparison.OrdinalIgnoreCase))
        {
            var other = await users.FindByEmailAsync(emailAddress);
            if (other is not null && other.Id != user.Id)
                return AdminResult.Fail("An account with this email address already exists.", nameof(model.Email));
            user.Email = emailAddress;
            user.UserName = emailAddress;
            // A changed email address is a new place for codes and links to go: end existing sessions.
            user.SecurityStamp = Guid.NewGuid().ToString("N");
        }
        var changes = Describe(user, model, currentRoles);
        user.FullName = Clean(model.FullName);
        user.Agency = Clean(model.Agency);
        user.JobTitle = Clean(model.JobTitle);
        user.PhoneNumber = NormalisedPhone(model.Phone);
        user.ManagesAgencyCode = ManagerScope(model);
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return AdminResult.Fail(string.Join(" ", updated.Errors.Select(e => e.Description)));

        var toAdd = model.Roles.Except(currentRoles).ToList();
        var toRemove = currentRoles.Except(model.Roles).ToList();
        if (toAdd.Count > 0) await users.AddToRolesAsync(user, toAdd);
        if (toRemove.Count > 0) await users.RemoveFromRolesAsync(user, toRemove);
        if (toAdd.Count + toRemove.Count > 0) await users.UpdateSecurityStampAsync(user); // roles live in the cookie

        await audit.WriteAsync(new AuditEvent(AuditActions.AccountChanged, actor.UserId, actor.Email, "User", user.Id,
            Details: changes.Count == 0 ? "no change" : string.Join("; ", changes)));
        return AdminResult.Ok(user.Id);
    }

    private static string? ManagerScope(UserEditorModel model) => model.IsManager && !string.IsNullOrWhiteSpace(model.ManagesAgency) ? model.ManagesAgency.Trim() : null;

    public async Task<AdminResult> SetActiveAsync(string userId, bool active, Actor actor)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return AdminResult.Fail("This account no longer exists.");
        if (user.IsActive == active) return AdminResult.Ok(user.Id);
        if (!active)
        {
            if (user.Id == actor.UserId) return AdminResult.Fail("You cannot deactivate your own account.");
            if (await users.IsInRoleAsync(user, Roles.Admin) && await CountActiveAdminsAsync() <= 1)
                return AdminResult.Fail("The portal needs at least one active admin.");
        }
        user.IsActive = active;
        await users.UpdateAsync(user);
        // A new stamp ends the person's signed-in cookies and open circuits at their next check (within seconds);
        // deleting the sessions makes the cookies open nothing at once.
        await users.UpdateSecurityStampAsync(user);
        if (!active) await sessions.EndAllAsync(user.Id, "account deactivated", null);
        await audit.WriteAsync(new AuditEvent(active ? AuditActions.AccountReactivated : AuditActions.AccountDeactivated,
            actor.UserId, actor.Email, "User", user.Id, Details: user.Email));
        return AdminResult.Ok(user.Id);
    }

    public async Task<AdminResult> ResendInvitationAsync(string userId, Actor actor)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return AdminResult.Fail("This account no longer exists.");
        if (!user.IsActive) return AdminResult.Fail("Reactivate the account before sending an invitation.");
        // A new stamp makes every earlier link stop working: only the newest invitation can be used.
        await users.UpdateSecurityStampAsync(user);
        await SendInvitationAsync(users, user, actor);
        return AdminResult.Ok(user.Id);
    }

    /// <summary>Forgets any pending sign-in code, clears failed attempts and lockout, and signs the person out everywhere.</summary>
    public async Task<AdminResult> ResetTwoStepAsync(string userId, Actor actor)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return AdminResult.Fail("This account no longer exists.");
        await EmailSignInCodeProvider.ForgetAsync(users, user, "TwoFactor");
        // Passkeys and the authenticator app go too: whoever has the person's device or phone is out as well.
        await scope.ServiceProvider.GetRequiredService<SignInMethods>().RemoveAllAsync(user, actor);
        await users.SetTwoFactorEnabledAsync(user, true);
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await users.UpdateSecurityStampAsync(user);
        throttle.Reset(user.Email!); // and no wait between password tries either
        await sessions.EndAllAsync(user.Id, "two-step sign-in reset", null);
        await audit.WriteAsync(new AuditEvent(AuditActions.TwoStepReset, actor.UserId, actor.Email, "User", user.Id, Details: user.Email));
        return AdminResult.Ok(user.Id);
    }

    internal async Task SendInvitationAsync(UserManager<ApplicationUser> users, ApplicationUser user, Actor? actor)
    {
        var token = await users.GenerateUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose);
        var link = links.SetPassword(user.Id, token);
        await email.SendAsync(AccountEmails.Invitation(user.Email!, user.FullName, link, security.Value.InvitationHours));
        await audit.WriteAsync(new AuditEvent(AuditActions.InvitationSent, actor?.UserId, actor?.Email, "User", user.Id, Details: user.Email));
    }

    private async Task<int> CountActiveAdminsAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await (from u in db.Users
                      join ur in db.UserRoles on u.Id equals ur.UserId
                      join r in db.Roles on ur.RoleId equals r.Id
                      where r.Name == Roles.Admin && u.IsActive
                      select u.Id).Distinct().CountAsync();
    }

    private static AdminResult? Validate(UserEditorModel model)
    {
        var result = new UserEditorModelValidator().Validate(model);
        return result.IsValid ? null : AdminResult.Fail(result.Errors[0].ErrorMessage, result.Errors[0].PropertyName);
    }

    private static string? NormalisedPhone(string phone) =>
        PhoneNumber.TryNormalise(phone, out var normalised, out _) ? normalised : null;

    private static List<string> Describe(ApplicationUser user, UserEditorModel model, IList<string> roles)
    {
        var changes = new List<string>();
        if (user.FullName != Clean(model.FullName)) changes.Add("name");
        if (!string.Equals(user.Email, model.Email.Trim(), StringComparison.OrdinalIgnoreCase)) changes.Add("email");
        if (user.Agency != Clean(model.Agency)) changes.Add("agency");
        if (user.JobTitle != Clean(model.JobTitle)) changes.Add("job title");
        if (user.PhoneNumber != NormalisedPhone(model.Phone)) changes.Add("phone");
        if (!roles.Order().SequenceEqual(model.Roles.Order())) changes.Add($"roles now {string.Join(", ", model.Roles)}");
        if (user.ManagesAgencyCode != ManagerScope(model)) changes.Add($"manager of {ManagerScope(model) ?? "the whole council"}");
        return changes;
    }

    /// <summary>A name as stored: trimmed, without hidden characters that could make it display as another.</summary>
    private static string Clean(string value) => Domain.Common.CleanText.StripAndTrim(value) ?? "";
}
