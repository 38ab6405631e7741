using FspPortal.Web.Data;
using FspPortal.Web.Features.Documents;
using FspPortal.Web.Features.Jobs;
using FspPortal.Web.Features.Plans;
using FspPortal.Web.Features.Print;
using FspPortal.Web.Features.Sharing;

namespace FspPortal.Web.Features.Audit;

/// <summary>
/// An audit line in people's words, for History and the Audit page. New lines carry their sentence and the actor's name
/// when written; older lines are worded here from their action and details, and named from the roster.
/// </summary>
public static class AuditWording
{
    /// <summary>"Sam Hughes (School)"; the email, or "the system", when no name is known. Never an id alone.</summary>
    public static string Who(AuditEntry entry, string? rosterName = null, string? rosterAgency = null) =>
        entry.ActorName is { Length: > 0 } name ? name
        : rosterName is { Length: > 0 } ? (string.IsNullOrWhiteSpace(rosterAgency) ? rosterName : $"{rosterName} ({rosterAgency})")
        : entry.ActorEmail is { Length: > 0 } email ? email
        : entry.ActorUserId is null ? "The system" : "A former user";

    public static string What(AuditEntry entry) => entry.Summary is { Length: > 0 } summary ? summary : Worded(entry.Action, entry.Details);

    private static string Worded(string action, string? details)
    {
        var words = action switch
        {
            PlanAuditActions.DraftStarted => "Started the plan",
            PlanAuditActions.DraftDiscarded => "Discarded the unfinished plan",
            PlanAuditActions.Edited => "Edited " + (details ?? "the plan").Replace("; ", ", "),
            PlanAuditActions.Finished => "Finished the plan",
            PlanAuditActions.Closed => "Closed",
            PlanAuditActions.Reopened => "Reopened",
            PlanAuditActions.ReviewAdded => "Added a review",
            PlanAuditActions.Viewed => "Viewed " + (details ?? PlanPages.Overview),
            PlanAuditActions.BreakGlass => "Opened the plan as an administrator (not on the plan), giving the reason",
            PlanAuditActions.AdminViewed => $"Viewed {details ?? PlanPages.Overview} as an administrator (not on the plan)",
            PlanAuditActions.ViewRefused => $"Was refused {details ?? PlanPages.Overview} (not on the plan)",
            SharingActions.Attached => "Attached a team member",
            SharingActions.TransferRequested => "Requested a transfer of coordination",
            SharingActions.TransferAuthorised => "Authorised a transfer of coordination",
            SharingActions.TransferDeclined => "Declined a transfer of coordination",
            SharingActions.TransferWithdrawn => "Withdrew a transfer of coordination",
            SharingActions.SteppedDown => "Stepped down from coordinator to team member",
            SharingActions.Detached => details == "left the plan" ? "Left the plan" : "Removed someone from the plan",
            DocumentAuditActions.Added => "Added a document",
            DocumentAuditActions.Deleted => "Deleted a document",
            DocumentAuditActions.Downloaded => "Downloaded a document",
            DocumentAuditActions.AdminDownloaded => "Downloaded a document as an administrator (not on the plan)",
            DocumentAuditActions.DownloadRefused => "Was refused a document",
            PrintAuditActions.PdfDownloaded => "Downloaded the PDF",
            JobAuditActions.RunNow => "Ran a nightly job now",
            AuditActions.SignInPassword => "Signed in: password",
            AuditActions.SignInCode => "Signed in: emailed code",
            AuditActions.SignInCodeSent => "Was sent a sign-in code",
            AuditActions.SignInLockedOut => "Was locked out after too many failed attempts",
            AuditActions.SignInPasskey => "Signed in: passkey",
            AuditActions.SignInApp => "Signed in: authenticator app",
            AuditActions.SignInRecoveryCode => "Signed in: recovery code",
            AuditActions.PasskeyAdded => "Added a passkey",
            AuditActions.PasskeyRemoved => "Removed a passkey",
            AuditActions.AppAdded => "Set up an authenticator app",
            AuditActions.AppRemoved => "Removed an authenticator app",
            AuditActions.RecoveryCodesMade => "Made new recovery codes",
            AuditActions.SignOut => "Signed out",
            AuditActions.PasswordSet => "Set their password",
            AuditActions.PasswordResetRequested => "Asked to reset their password",
            AuditActions.PasswordReset => "Reset their password",
            AuditActions.AccountCreated => "Created an account",
            AuditActions.AccountChanged => "Changed an account",
            AuditActions.AccountDeactivated => "Deactivated an account",
            AuditActions.AccountReactivated => "Reactivated an account",
            AuditActions.InvitationSent => "Sent an invitation",
            AuditActions.TwoStepReset => "Reset someone's two-step sign-in",
            AuditActions.SessionsEnded => "Ended signed-in sessions",
            AuditActions.FirstAdminCreated => "Created the first administrator",
            AuditActions.AccessRequested => "Asked for access",
            AuditActions.AccessApproved => "Approved an access request",
            AuditActions.AccessDeclined => "Declined an access request",
            AuditActions.AuditExported => "Exported the audit log",
            AuditActions.EmailRetried => "Asked for a failed email to be sent again",
            Outcomes.OutcomeActions.SustainedCheckRecorded => "Recorded the 6-month check",
            Outcomes.OutcomeActions.ListExported => "Exported a list",
            Outcomes.OutcomeActions.ManagerViewed => "Viewed the outcome figures",
            _ => action,
        };
        // Details that are already part of the words, or that are not for reading, are left out.
        return details is null || action is PlanAuditActions.Edited or PlanAuditActions.Viewed or PlanAuditActions.AdminViewed or PlanAuditActions.ViewRefused
            ? words : $"{words}: {details}";
    }
}
