using System.Security.Cryptography;
using System.Text;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Admin;
using FspPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Web.Features.Setup;

/// <summary>
/// A portal without an admin needs its first one. With <c>FirstAdmin:Email</c> (and <c>FirstAdmin:FullName</c>) set, that
/// account is created and its set-password link emailed; otherwise a one-time set-up link is made, where the person
/// at the console types the admin's name, email and password. Either link is printed on the console at start.
/// </summary>
public sealed class FirstRun(
    IDbContextFactory<FspDbContext> dbFactory,
    IServiceScopeFactory scopeFactory,
    IConfiguration configuration,
    AdminUserService adminUsers,
    AuditLog audit,
    TimeProvider clock)
{
    /// <summary>The relative link for the console, or null when the portal already has accounts.</summary>
    public async Task<string?> PrepareAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await HasAdminAsync(db)) return null;

        var email = configuration["FirstAdmin:Email"];
        if (!string.IsNullOrWhiteSpace(email))
        {
            var fullName = configuration["FirstAdmin:FullName"];
            var created = await adminUsers.CreateAsync(new UserEditorModel
            {
                FullName = string.IsNullOrWhiteSpace(fullName) ? "Administrator" : fullName, Email = email,
                Agency = configuration["FirstAdmin:Agency"] is { Length: > 0 } agency ? agency : "Portal administration",
                IsAdmin = true, IsPractitioner = true,
            }, new Actor("system", null));
            if (!created.Succeeded) throw new InvalidOperationException($"FirstAdmin settings are not valid: {created.Error}");
            await audit.WriteAsync(new AuditEvent(AuditActions.FirstAdminCreated, null, null, "User", created.Id, Details: "from settings"));
            // The same link the email carries, for the person at the console.
            await using var scope = scopeFactory.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(created.Id!))!;
            var token = await users.GenerateUserTokenAsync(user, Account.InvitationTokenProvider.ProviderName, Account.InvitationTokenProvider.Purpose);
            return $"Account/SetPassword?userId={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}";
        }

        // Every start of an empty portal makes a new link; older ones stop working.
        var unused = await db.FirstRunTokens.Where(t => t.UsedUtc == null).ToListAsync();
        db.FirstRunTokens.RemoveRange(unused);
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        db.FirstRunTokens.Add(new FirstRunToken { TokenHash = Hash(secret), CreatedUtc = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
        return $"setup?token={secret}";
    }

    public async Task<bool> IsValidAsync(string? token)
    {
        if (string.IsNullOrEmpty(token)) return false;
        await using var db = await dbFactory.CreateDbContextAsync();
        var hash = Hash(token);
        return await db.FirstRunTokens.AnyAsync(t => t.TokenHash == hash && t.UsedUtc == null) && !await HasAdminAsync(db);
    }

    /// <summary>Creates the first admin with the password they chose; the token is spent.</summary>
    public async Task<IReadOnlyList<(string Field, string Message)>> CompleteAsync(string token, Account.FirstAdminForm form)
    {
        var validation = new Account.FirstAdminFormValidator().Validate(form);
        if (!validation.IsValid) return validation.Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ToList();
        if (!await IsValidAsync(token)) return [("", "This set-up link has expired or has already been used.")];

        await using var db = await dbFactory.CreateDbContextAsync();
        var hash = Hash(token);
        // Spent in one conditional UPDATE before the account exists: of several submits at once only one claims the token
        // (reading it and then saving let three racing POSTs make three admins).
        var claimed = await db.FirstRunTokens.Where(t => t.TokenHash == hash && t.UsedUtc == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.UsedUtc, clock.GetUtcNow().UtcDateTime));
        if (claimed != 1) return [("", "This set-up link has expired or has already been used.")];

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = form.Email!.Trim();
        var user = new ApplicationUser
        {
            UserName = email, Email = email, EmailConfirmed = true, FullName = form.FullName!.Trim(), Agency = "Portal administration",
            TwoFactorEnabled = true, IsActive = true, CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, form.Password!);
        if (!created.Succeeded)
        {
            await db.FirstRunTokens.Where(t => t.TokenHash == hash).ExecuteUpdateAsync(t => t.SetProperty(x => x.UsedUtc, (DateTime?)null));
            return created.Errors.Select(e => ("Password", e.Description)).ToList();
        }
        await users.AddToRolesAsync(user, [Roles.Admin, Roles.Practitioner]);
        await audit.WriteAsync(new AuditEvent(AuditActions.FirstAdminCreated, user.Id, user.Email, "User", user.Id, Details: "from the console link"));
        await audit.WriteAsync(new AuditEvent(AuditActions.PasswordSet, user.Id, user.Email, "User", user.Id));
        return [];
    }

    /// <summary>"Empty" means no admin yet (a Development demo council may already have practitioners).</summary>
    private static Task<bool> HasAdminAsync(FspDbContext db) =>
        (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where r.Name == Roles.Admin select ur).AnyAsync();

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
