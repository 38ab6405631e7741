namespace FspPortal.Web.Features.Account;

/// <summary>The <c>Security</c> settings: code lifetimes, rate limits, lockout and how soon a deactivation bites.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";
    public int SignInCodeMinutes { get; set; } = 10;
    public int SignInCodeResendSeconds { get; set; } = 60;
    public int InvitationHours { get; set; } = 72;
    public int PasswordResetHours { get; set; } = 2;
    /// <summary>Wrong passwords in a row (per address) before each try must wait, and wrong codes before an account locks.</summary>
    public int MaxFailedAttempts { get; set; } = 5;
    /// <summary>How long wrong codes lock an account, and the longest wait between password tries.</summary>
    public int LockoutMinutes { get; set; } = 15;
    /// <summary>How often an open session re-checks that its account is still active (a deactivated user is out within this).</summary>
    public int SessionRevalidationSeconds { get; set; } = 30;
    /// <summary>The absolute length of a signed-in session, however busy.</summary>
    public int SessionHours { get; set; } = 8;
    /// <summary>A session with no activity (no page request, nothing done on an open page) for this long ends.</summary>
    public int SessionIdleMinutes { get; set; } = 30;
    /// <summary>Password resets and access-request receipts any one address may be sent in an hour.</summary>
    public int AccountEmailsPerHour { get; set; } = 5;
    /// <summary>Form posts (and live-connection starts) one network address may make in a minute while not signed in.</summary>
    public int AnonymousPostsPerMinute { get; set; } = 60;
    /// <summary>Admins must have a passkey or an authenticator app, and finish signing in with it (not the emailed code).</summary>
    public bool AdminsNeedPasskeyOrApp { get; set; }
}
