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

/// <summary>Builds the links that account emails carry.</summary>
public sealed class AccountLinks(IConfiguration configuration)
{
    /// <summary><c>Portal:PublicBaseUrl</c> when set (behind a proxy), otherwise the address the request came in on.</summary>
    public string BaseUrl(string requestBaseUri)
    {
        var configured = configuration["Portal:PublicBaseUrl"];
        var baseUrl = string.IsNullOrWhiteSpace(configured) ? requestBaseUri : configured;
        return baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/";
    }

    public string SetPassword(string requestBaseUri, string userId, string token) =>
        $"{BaseUrl(requestBaseUri)}Account/SetPassword?userId={Uri.EscapeDataString(userId)}&token={Uri.EscapeDataString(token)}";

    public string ResetPassword(string requestBaseUri, string userId, string token) =>
        $"{BaseUrl(requestBaseUri)}Account/ResetPassword?userId={Uri.EscapeDataString(userId)}&token={Uri.EscapeDataString(token)}";
}
