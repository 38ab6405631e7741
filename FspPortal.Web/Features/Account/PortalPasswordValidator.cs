using FspPortal.Domain.Accounts;
using FspPortal.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace FspPortal.Web.Features.Account;

/// <summary>Applies <see cref="PasswordPolicy"/> wherever Identity sets a password (set, reset, change).</summary>
public sealed class PortalPasswordValidator : IPasswordValidator<ApplicationUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        var problems = PasswordPolicy.Check(password, user.Email, user.FullName);
        return Task.FromResult(problems.Count == 0
            ? IdentityResult.Success
            : IdentityResult.Failed(problems.Select(p => new IdentityError { Code = "PasswordPolicy", Description = p }).ToArray()));
    }
}
