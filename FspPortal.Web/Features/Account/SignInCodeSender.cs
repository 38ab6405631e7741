using FspPortal.Web.Data;
using FspPortal.Web.Email;
using FspPortal.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Account;

/// <summary>Emails a fresh sign-in code, at most once per <see cref="SecurityOptions.SignInCodeResendSeconds"/>.</summary>
public sealed class SignInCodeSender(
    UserManager<ApplicationUser> userManager,
    IEmailSender email,
    AuditLog audit,
    TimeProvider clock,
    IOptions<SecurityOptions> options)
{
    /// <summary>Null when sent; otherwise the number of seconds to wait before another code may be sent.</summary>
    public async Task<int?> SendAsync(ApplicationUser user, bool isResend)
    {
        var settings = options.Value;
        if (isResend)
        {
            var last = await EmailSignInCodeProvider.LastIssuedAsync(userManager, user, "TwoFactor");
            var wait = last is null ? 0 : settings.SignInCodeResendSeconds - (clock.GetUtcNow() - last.Value).TotalSeconds;
            if (wait > 0) return (int)Math.Ceiling(wait);
        }

        var code = await userManager.GenerateTwoFactorTokenAsync(user, EmailSignInCodeProvider.ProviderName);
        await email.SendAsync(AccountEmails.SignInCode(user.Email!, user.FullName, code, settings.SignInCodeMinutes));
        Extensions.PortalTelemetry.CodeSent();
        await audit.WriteAsync(new AuditEvent(AuditActions.SignInCodeSent, user.Id, user.Email, "User", user.Id,
            Details: isResend ? "new code asked for" : null));
        return null;
    }
}
