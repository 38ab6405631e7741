using FspPortal.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FspPortal.Web.Features.Account;

/// <summary>
/// The invitation's set-password token: a Data Protection token like the reset one, with its own lifetime
/// (<see cref="SecurityOptions.InvitationHours"/>). It embeds the security stamp, and setting the password
/// changes the stamp, so a link works once.
/// </summary>
public sealed class InvitationTokenProvider(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<InvitationTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<ApplicationUser>> logger)
    : DataProtectorTokenProvider<ApplicationUser>(dataProtectionProvider, options, logger)
{
    public const string ProviderName = "Invitation";
    public const string Purpose = "SetPassword";
}

public sealed class InvitationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public InvitationTokenProviderOptions() => Name = InvitationTokenProvider.ProviderName;
}

/// <summary>
/// Builds the links that account emails carry, from <see cref="Jobs.PortalAddress"/> (<c>Portal:PublicBaseUrl</c>, required
/// outside Development) and never from the request: a forged Host header cannot put its address in a reset email.
/// </summary>
public sealed class AccountLinks(Jobs.PortalAddress address)
{
    public string SetPassword(string userId, string token) =>
        $"{address.BaseUri}Account/SetPassword?userId={Uri.EscapeDataString(userId)}&token={Uri.EscapeDataString(token)}";

    public string ResetPassword(string userId, string token) =>
        $"{address.BaseUri}Account/ResetPassword?userId={Uri.EscapeDataString(userId)}&token={Uri.EscapeDataString(token)}";
}
