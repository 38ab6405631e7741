using System.Buffers.Text;
using FspPortal.Web.Data;
using FspPortal.Web.Features.Admin;
using FspPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Account;

public sealed record PasskeySummary(string Key, string Name, DateTime AddedUtc, DateTime? LastUsedUtc);

/// <summary>How someone can finish signing in: the emailed code always, plus their passkeys and authenticator app.</summary>
public sealed record MethodsSummary(IReadOnlyList<PasskeySummary> Passkeys, DateTime? AppAddedUtc, DateTime? AppLastUsedUtc, int RecoveryCodesLeft)
{
    /// <summary>A phishing-resistant or offline method besides the emailed code.</summary>
    public bool HasPasskeyOrApp => Passkeys.Count > 0 || AppAddedUtc is not null;

    public string Words => Describe(Passkeys.Count, AppAddedUtc is not null);

    /// <summary>The roster's words, e.g. "Emailed code, app, 2 passkeys".</summary>
    public static string Describe(int passkeys, bool app) => string.Join(", ", new[]
    {
        "Emailed code",
        app ? "app" : null,
        passkeys switch { 0 => null, 1 => "1 passkey", var n => $"{n} passkeys" },
    }.OfType<string>());
}

/// <summary>
/// Adds, lists, uses and removes a person's passkeys and authenticator app, each change audited. Passkeys are Identity's
/// own (.NET 10: the WebAuthn checks are the framework's); the portal adds each one's name and last use.
/// </summary>
public sealed class SignInMethods(
    UserManager<ApplicationUser> users,
    IUserStore<ApplicationUser> store,
    IDbContextFactory<FspDbContext> dbFactory,
    AuditLog audit,
    TimeProvider clock,
    IOptions<SecurityOptions> options)
{
    public const int PasskeyNameMaxLength = 50;

    public async Task<MethodsSummary> ForAsync(ApplicationUser user)
    {
        var passkeys = await users.GetPasskeysAsync(user);
        await using var db = await dbFactory.CreateDbContextAsync();
        var uses = await db.PasskeyUses.AsNoTracking().Where(u => u.UserId == user.Id).ToDictionaryAsync(u => u.CredentialKey, u => u.LastUsedUtc);
        var list = passkeys.OrderBy(p => p.CreatedAt)
            .Select(p => new PasskeySummary(KeyOf(p.CredentialId), p.Name ?? "Passkey", p.CreatedAt.UtcDateTime, uses.TryGetValue(KeyOf(p.CredentialId), out var used) ? used : null))
            .ToList();
        var codesLeft = user.AuthenticatorAddedUtc is null ? 0 : await users.CountRecoveryCodesAsync(user);
        return new MethodsSummary(list, user.AuthenticatorAddedUtc, user.AuthenticatorLastUsedUtc, codesLeft);
    }

    /// <summary>Whether <see cref="SecurityOptions.AdminsNeedPasskeyOrApp"/> applies to this person (it is on, and they are an admin).</summary>
    public async Task<bool> AdminRuleAppliesAsync(ApplicationUser user) =>
        options.Value.AdminsNeedPasskeyOrApp && await users.IsInRoleAsync(user, Roles.Admin);

    /// <summary>A confirmed authenticator app or at least one passkey: one query, without loading the account.</summary>
    public async Task<bool> HasPasskeyOrAppAsync(string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == userId)
            .AnyAsync(u => u.AuthenticatorAddedUtc != null || db.UserPasskeys.Any(p => p.UserId == u.Id));
    }

    /// <summary>Whether the portal sends this admin to set up a passkey or app before anything else.</summary>
    public async Task<bool> MustSetUpAsync(ApplicationUser user) =>
        await AdminRuleAppliesAsync(user) && !await HasPasskeyOrAppAsync(user.Id);

    /// <summary>Whether the emailed code may finish this person's sign-in (not for an admin who must use a passkey or app and has one).</summary>
    public async Task<bool> MayUseEmailedCodeAsync(ApplicationUser user) =>
        !(await AdminRuleAppliesAsync(user) && await HasPasskeyOrAppAsync(user.Id));

    public static string? CheckPasskeyName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "Give the passkey a name you will recognise, like \u201cWork laptop\u201d."
        : name.Trim().Length > PasskeyNameMaxLength ? $"The name can be {PasskeyNameMaxLength} characters at most (it has {name.Trim().Length})."
        : null;

    /// <summary>Stores a passkey the framework has checked (attestation), under <paramref name="name"/>.</summary>
    public async Task<bool> AddPasskeyAsync(ApplicationUser user, UserPasskeyInfo passkey, string name)
    {
        passkey.Name = name.Trim();
        var result = await users.AddOrUpdatePasskeyAsync(user, passkey);
        if (!result.Succeeded) return false;
        await audit.WriteAsync(new AuditEvent(AuditActions.PasskeyAdded, user.Id, user.Email, "User", user.Id, Details: passkey.Name));
        return true;
    }

    public async Task<bool> RemovePasskeyAsync(ApplicationUser user, string key)
    {
        byte[] credentialId;
        try { credentialId = Base64Url.DecodeFromChars(key); }
        catch (FormatException) { return false; }
        var passkey = await users.GetPasskeyAsync(user, credentialId);
        if (passkey is null) return false;
        if (!(await users.RemovePasskeyAsync(user, credentialId)).Succeeded) return false;
        await using (var db = await dbFactory.CreateDbContextAsync())
            await db.PasskeyUses.Where(u => u.UserId == user.Id && u.CredentialKey == key).ExecuteDeleteAsync();
        await audit.WriteAsync(new AuditEvent(AuditActions.PasskeyRemoved, user.Id, user.Email, "User", user.Id, Details: passkey.Name));
        return true;
    }

    /// <summary>After a passkey signed someone in: its new signature count (the framework's clone check) and its last use.</summary>
    public async Task RecordPasskeyUseAsync(ApplicationUser user, UserPasskeyInfo passkey)
    {
        await users.AddOrUpdatePasskeyAsync(user, passkey);
        var key = KeyOf(passkey.CredentialId);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync();
        var use = await db.PasskeyUses.FindAsync(user.Id, key);
        if (use is null) db.PasskeyUses.Add(new PasskeyUse { UserId = user.Id, CredentialKey = key, LastUsedUtc = now });
        else use.LastUsedUtc = now;
        await db.SaveChangesAsync();
    }

    /// <summary>A new (unconfirmed) key for an authenticator app; an app already confirmed stays until this one is.</summary>
    public async Task<string> StartAppAsync(ApplicationUser user)
    {
        await users.ResetAuthenticatorKeyAsync(user);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    public async Task<string?> PendingAppKeyAsync(ApplicationUser user) => await users.GetAuthenticatorKeyAsync(user);

    /// <summary>Turns the app on once its first code checks out; returns the recovery codes to show once, or null for a wrong code.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmAppAsync(ApplicationUser user, string code)
    {
        if (!await users.VerifyUserTokenAsync(user, AuthenticatorAppCodeProvider.ProviderName, AuthenticatorAppCodeProvider.SetUpPurpose, code)) return null;
        user.AuthenticatorAddedUtc = clock.GetUtcNow().UtcDateTime;
        var codes = RecoveryCodes.Make();
        await RecoveryCodes.ReplaceAsync(users, store, user, codes);
        await audit.WriteAsync(new AuditEvent(AuditActions.AppAdded, user.Id, user.Email, "User", user.Id));
        return codes;
    }

    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(ApplicationUser user)
    {
        var codes = RecoveryCodes.Make();
        await RecoveryCodes.ReplaceAsync(users, store, user, codes);
        await audit.WriteAsync(new AuditEvent(AuditActions.RecoveryCodesMade, user.Id, user.Email, "User", user.Id));
        return codes;
    }

    public async Task RemoveAppAsync(ApplicationUser user, Actor? actor = null)
    {
        if (user.AuthenticatorAddedUtc is null && await users.GetAuthenticatorKeyAsync(user) is null) return;
        var wasOn = user.AuthenticatorAddedUtc is not null;
        await ForgetAppAsync(users, store, user);
        if (wasOn)
            await audit.WriteAsync(new AuditEvent(AuditActions.AppRemoved, actor?.UserId ?? user.Id, actor?.Email ?? user.Email, "User", user.Id,
                Details: actor is null ? null : "by an administrator"));
    }

    /// <summary>An admin's "reset two-step": every passkey and the app go, each removal audited as the admin's.</summary>
    public async Task RemoveAllAsync(ApplicationUser user, Actor actor)
    {
        foreach (var passkey in await users.GetPasskeysAsync(user))
        {
            await users.RemovePasskeyAsync(user, passkey.CredentialId);
            await audit.WriteAsync(new AuditEvent(AuditActions.PasskeyRemoved, actor.UserId, actor.Email, "User", user.Id,
                Details: $"{passkey.Name}, by an administrator"));
        }
        await using (var db = await dbFactory.CreateDbContextAsync())
            await db.PasskeyUses.Where(u => u.UserId == user.Id).ExecuteDeleteAsync();
        await RemoveAppAsync(user, actor);
    }

    private static async Task ForgetAppAsync(UserManager<ApplicationUser> users, IUserStore<ApplicationUser> store, ApplicationUser user)
    {
        user.AuthenticatorAddedUtc = null;
        user.AuthenticatorLastUsedUtc = null;
        await RecoveryCodes.ForgetAsync(store, user);
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey");
        await users.UpdateAsync(user);
    }

    public static string KeyOf(byte[] credentialId) => Base64Url.EncodeToString(credentialId);
}
