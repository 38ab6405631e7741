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
    /// <summary>For a <see cref="Roles.Manager"/>: the agency (code) whose figures they see; null for the whole council.</summary>
    public string? ManagesAgencyCode { get; set; }
    /// <summary>When an authenticator app was confirmed with a code; null while there is none (its key alone is not enough).</summary>
    public DateTime? AuthenticatorAddedUtc { get; set; }
    public DateTime? AuthenticatorLastUsedUtc { get; set; }
    /// <summary>The last 30-second step whose app code was accepted: a code is accepted once, never again in its step.</summary>
    public long? AuthenticatorLastTimeStep { get; set; }
}

public static class Roles
{
    public const string Admin = "Admin";
    public const string Practitioner = "Practitioner";
    /// <summary>Sees the outcome figures (aggregates only) of the council or of one agency; never a plan unless attached to it.</summary>
    public const string Manager = "Manager";
    public static readonly string[] All = [Admin, Practitioner, Manager];
}
