namespace FspPortal.Web.Data;

/// <summary>
/// When a passkey last signed someone in. Identity keeps the passkey itself (AspNetUserPasskeys) but not its last use,
/// which the Sign-in methods page shows so a forgotten or stolen one stands out.
/// </summary>
public sealed class PasskeyUse
{
    public string UserId { get; set; } = "";
    /// <summary>The passkey's credential id, base64url-encoded (as the page and the audit name it).</summary>
    public string CredentialKey { get; set; } = "";
    public DateTime LastUsedUtc { get; set; }
}
