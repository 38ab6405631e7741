namespace FspPortal.Web.Data;

/// <summary>
/// One signed-in session. The browser's cookie holds only <see cref="Id"/>; the sign-in itself lives here, so ending
/// a session (sign-out, deactivation, a new password, an admin) is deleting its row and takes effect at once.
/// </summary>
public sealed class UserSession
{
    /// <summary>A random key (256 bits); the cookie carries it, protected by Data Protection.</summary>
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }
    /// <summary>The absolute end (sign-in time plus <c>Security:SessionHours</c>), however busy the session.</summary>
    public DateTime ExpiresUtc { get; set; }
    /// <summary>The serialised sign-in (claims), protected with Data Protection.</summary>
    public byte[] Ticket { get; set; } = [];
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }

    /// <summary>Still usable at <paramref name="nowUtc"/>: not past its absolute end and not idle longer than <paramref name="idle"/>.</summary>
    public bool IsLive(DateTime nowUtc, TimeSpan idle) => nowUtc < ExpiresUtc && nowUtc - LastSeenUtc < idle;
}
