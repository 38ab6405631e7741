using Microsoft.AspNetCore.Identity;

namespace FspPortal.Web.Data;

/// <summary>A practitioner or admin. Accounts are never deleted, only deactivated, so the audit trail keeps its names.</summary>
public sealed class ApplicationUser : IdentityUser
{
    public string FullName { get; set; } = "";
    public string Agency { get; set; } = "";
    public string JobTitle { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public DateTime CreatedUtc { get; set; }
    public DateTime? LastSignInUtc { get; set; }
}

public static class Roles
{
    public const string Admin = "Admin";
    public const string Practitioner = "Practitioner";
    public static readonly string[] All = [Admin, Practitioner];
}
