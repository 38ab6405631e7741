using System.Security.Cryptography;
using System.Text;
using FspPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// The 6-digit code of an authenticator app (TOTP, RFC 6238: 30-second steps, SHA-1, one step either side for a slow
/// phone clock). Identity's own authenticator provider accepts a code again while its step lasts, and reads the
/// machine's clock; this one remembers the last accepted step per person (<see cref="ApplicationUser.AuthenticatorLastTimeStep"/>)
/// so a code works once, and uses the portal's <see cref="TimeProvider"/>. The key is Identity's authenticator key.
/// </summary>
public sealed class AuthenticatorAppCodeProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<ApplicationUser>
{
    public const string ProviderName = "AuthenticatorApp";
    /// <summary>The purpose while the app is being set up (its key exists but is not yet confirmed).</summary>
    public const string SetUpPurpose = "SetUpApp";

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<ApplicationUser> manager, ApplicationUser user) =>
        Task.FromResult(user.AuthenticatorAddedUtc is not null);

    /// <summary>The app makes the codes; the portal never sends one.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<ApplicationUser> manager, ApplicationUser user) =>
        throw new NotSupportedException("An authenticator app makes its own codes.");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        // Only a confirmed app signs anyone in; the set-up step checks the new key's first code.
        if (user.AuthenticatorAddedUtc is null && purpose != SetUpPurpose) return false;
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = token.Replace(" ", "").Trim();
        if (string.IsNullOrEmpty(key) || code.Length != 6 || !code.All(char.IsAsciiDigit)) return false;

        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)))
            return false;
        if (user.AuthenticatorLastTimeStep is { } last && step <= last) return false; // used already (or an older one)

        // The user's concurrency stamp makes a second request racing with the same code fail here, so only one succeeds.
        user.AuthenticatorLastTimeStep = step;
        user.AuthenticatorLastUsedUtc = clock.GetUtcNow().UtcDateTime;
        return (await manager.UpdateAsync(user)).Succeeded;
    }

    /// <summary>What an authenticator app reads from the QR code (Key URI format: issuer, account, secret).</summary>
    public static string KeyUri(string email, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString("FSP Portal")}:{Uri.EscapeDataString(email)}?secret={key}&issuer={Uri.EscapeDataString("FSP Portal")}&digits=6&period=30";

    /// <summary>The key in groups of four, as people type it into an app by hand.</summary>
    public static string Grouped(string key) =>
        string.Join(' ', Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - i * 4)))).ToLowerInvariant();
}

/// <summary>
/// Ten one-time recovery codes for someone with an app or passkey who has lost it. Identity stores recovery codes as
/// they are; the portal hands it a hash of each (with the account's id) and hashes what is typed the same way, so the
/// database never holds a usable code. Identity's redeem removes the code it matched: each works once.
/// </summary>
public static class RecoveryCodes
{
    public const int Count = 10;

    public static IReadOnlyList<string> Make()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i to misread
        return Enumerable.Range(0, Count).Select(_ =>
        {
            var chars = RandomNumberGenerator.GetItems<char>(alphabet, 10);
            return $"{new string(chars, 0, 5)}-{new string(chars, 5, 5)}";
        }).ToList();
    }

    /// <summary>The form stored and compared: spaces, dashes and case do not matter.</summary>
    public static string Hash(string userId, string typed)
    {
        var normal = new string(typed.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}|{normal}")));
    }

    public static async Task ReplaceAsync(UserManager<ApplicationUser> users, IUserStore<ApplicationUser> store, ApplicationUser user, IEnumerable<string> codes)
    {
        var recoveryStore = (IUserTwoFactorRecoveryCodeStore<ApplicationUser>)store;
        await recoveryStore.ReplaceCodesAsync(user, codes.Select(c => Hash(user.Id, c)), CancellationToken.None);
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded) throw new InvalidOperationException("The recovery codes could not be saved: " + string.Join(", ", result.Errors.Select(e => e.Description)));
    }

    public static async Task ForgetAsync(IUserStore<ApplicationUser> store, ApplicationUser user) =>
        await ((IUserTwoFactorRecoveryCodeStore<ApplicationUser>)store).ReplaceCodesAsync(user, [], CancellationToken.None);
}
