using FspPortal.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// Finds the account for an email address and checks its password, doing the same (slow, deliberate) hashing work
/// when no account uses the address, so that how long the answer takes does not tell which addresses are real.
/// </summary>
public sealed class PasswordCheck(UserManager<ApplicationUser> users, IPasswordHasher<ApplicationUser> hasher)
{
    // A hash of a random password, made once with the same hasher (and so the same cost) as real passwords.
    private static string? dummyHash;

    public async Task<(ApplicationUser? User, bool PasswordRight)> CheckAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email);
        // An invited account with no password yet is checked like an unknown one (Identity would answer it at once).
        if (user?.PasswordHash is null)
        {
            var nobody = new ApplicationUser();
            dummyHash ??= hasher.HashPassword(nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
            hasher.VerifyHashedPassword(nobody, dummyHash, password);
            return (user, false);
        }
        return (user, await users.CheckPasswordAsync(user, password));
    }
}
