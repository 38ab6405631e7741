using FspPortal.Web.Data;
using FspPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// The end of every sign-in's second step (emailed code, app code, recovery code) and of a passkey sign-in, in one
/// place: success records the sign-in time, the audit line and the count, and goes to where the person was going; a
/// lock goes to the lockout page; anything else is audited as a failure and left to the page to explain.
/// </summary>
internal sealed class SignInFinish(UserManager<ApplicationUser> users, AuditLog audit, TimeProvider clock, IdentityRedirectManager redirect)
{
    /// <summary>After Identity's second-step sign-in: true when the page is left (signed in, or locked).</summary>
    public async Task<bool> AfterSecondStepAsync(ApplicationUser user, SignInResult result, string action, string wrongWhy, string? returnUrl,
        Func<ApplicationUser, Task<string?>>? successDetails = null)
    {
        if (result.Succeeded)
        {
            await SignedInAsync(user, action, successDetails is null ? null : await successDetails(user), returnUrl);
            return true;
        }
        if (result.IsLockedOut)
        {
            await LockedOutAsync(user);
            return true;
        }
        await audit.WriteAsync(new AuditEvent(action, user.Id, user.Email, "User", user.Id, AuditOutcome.Failure,
            result.IsNotAllowed ? "account cannot sign in" : wrongWhy));
        Extensions.PortalTelemetry.SignIn("wrong");
        return false;
    }

    /// <summary>Someone is signed in (the cookie is set): their last sign-in, the audit line, then where they were going.</summary>
    public async Task SignedInAsync(ApplicationUser user, string action, string? details, string? returnUrl)
    {
        user.LastSignInUtc = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        await audit.WriteAsync(new AuditEvent(action, user.Id, user.Email, "User", user.Id, Details: details));
        Extensions.PortalTelemetry.SignIn("ok");
        redirect.RedirectTo(string.IsNullOrEmpty(returnUrl) ? "" : returnUrl);
    }

    public async Task LockedOutAsync(ApplicationUser user)
    {
        await audit.WriteAsync(new AuditEvent(AuditActions.SignInLockedOut, user.Id, user.Email, "User", user.Id, AuditOutcome.Failure));
        Extensions.PortalTelemetry.SignIn("locked");
        redirect.RedirectTo("Account/Lockout");
    }
}
