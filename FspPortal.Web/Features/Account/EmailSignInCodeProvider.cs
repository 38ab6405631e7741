using System.Security.Cryptography;
using System.Text;
using FspPortal.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// The emailed 6-digit sign-in code. Identity's own email provider accepts a code again and again while its
/// time step lasts (aspnetcore#14423); this one stores a hash of the code with its expiry and deletes it the
/// moment it is used, so a code works once and for <see cref="SecurityOptions.SignInCodeMinutes"/> only.
/// </summary>
public sealed class EmailSignInCodeProvider(TimeProvider clock, IOptions<SecurityOptions> options)
    : IUserTwoFactorTokenProvider<ApplicationUser>
{
    public const string ProviderName = "EmailCode";
    private const string TokenStoreName = "[FspEmailCode]";

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<ApplicationUser> manager, ApplicationUser user) =>
        Task.FromResult(!string.IsNullOrEmpty(user.Email));

    public async Task<string> GenerateAsync(string purpose, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        var now = clock.GetUtcNow();
        var stored = new StoredCode(Hash(user, purpose, code), now.AddMinutes(options.Value.SignInCodeMinutes).UtcTicks, now.UtcTicks);
        await manager.SetAuthenticationTokenAsync(user, TokenStoreName, purpose, stored.ToString());
        return code;
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        var stored = StoredCode.Parse(await manager.GetAuthenticationTokenAsync(user, TokenStoreName, purpose));
        if (stored is null || clock.GetUtcNow().UtcTicks > stored.ExpiresTicks) return false;

        var candidate = Hash(user, purpose, token.Trim());
        if (!CryptographicOperations.FixedTimeEquals(Convert.FromHexString(candidate), Convert.FromHexString(stored.Hash)))
            return false;

        // Single use: the code is gone once accepted. The user's concurrency stamp makes a second request
        // racing with the same code fail its save, so only one of them can succeed.
        var removed = await manager.RemoveAuthenticationTokenAsync(user, TokenStoreName, purpose);
        return removed.Succeeded;
    }

    /// <summary>When the current code was sent, for rate-limiting "send a new code"; null when none is pending.</summary>
    public static async Task<DateTimeOffset?> LastIssuedAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string purpose)
    {
        var stored = StoredCode.Parse(await manager.GetAuthenticationTokenAsync(user, TokenStoreName, purpose));
        return stored is null ? null : new DateTimeOffset(stored.IssuedTicks, TimeSpan.Zero);
    }

    /// <summary>Forgets any pending code (an admin's "reset two-step").</summary>
    public static Task ForgetAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string purpose) =>
        manager.RemoveAuthenticationTokenAsync(user, TokenStoreName, purpose);

    private static string Hash(ApplicationUser user, string purpose, string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{user.Id}|{user.SecurityStamp}|{purpose}|{code}")));

    private sealed record StoredCode(string Hash, long ExpiresTicks, long IssuedTicks)
    {
        public override string ToString() => $"{Hash}|{ExpiresTicks}|{IssuedTicks}";

        public static StoredCode? Parse(string? value)
        {
            var parts = value?.Split('|');
            return parts is { Length: 3 } && long.TryParse(parts[1], out var expires) && long.TryParse(parts[2], out var issued)
                ? new StoredCode(parts[0], expires, issued)
                : null;
        }
    }
}
