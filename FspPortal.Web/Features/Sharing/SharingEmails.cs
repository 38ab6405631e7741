using System.Net;
using FspPortal.Web.Email;

namespace FspPortal.Web.Features.Sharing;

/// <summary>
/// Emails about sharing. They never carry the child's details beyond what the recipient is now allowed to see:
/// a transfer request names no child (the recipient is not on the plan until they say Yes).
/// </summary>
public static class SharingEmails
{
    public static EmailMessage Attached(string to, string name, string childName, string link) => Build(to,
        "You have been added to a Family Support Plan", name,
        $"You have been added to the Family Support Plan for {childName} as a member of the team around the family.", link, "Open the plan");

    public static EmailMessage TransferRequested(string to, string name, string fromName, string homeLink) => Build(to,
        "A Family Support Plan is waiting for you to authorise a transfer", name,
        $"{fromName} would like you to become the coordinator of a Family Support Plan. Sign in and answer under \"Authorise transferred FSPs\" on Home.",
        homeLink, "Go to FSP Portal");

    public static EmailMessage TransferDecided(string to, string name, string byName, bool authorised, string? reason, string link) => Build(to,
        authorised ? "Your transfer of a Family Support Plan was authorised" : "Your transfer of a Family Support Plan was declined", name,
        authorised ? $"{byName} said Yes: they are now a coordinator of the plan."
                   : $"{byName} said No, so nothing has changed.{(string.IsNullOrWhiteSpace(reason) ? "" : $" Their reason: {reason}")}",
        link, "Open the plan");

    /// <summary>To each coordinator when an admin who is not on the plan opens it with a reason (break-glass).</summary>
    public static EmailMessage AdminOpened(string to, string name, string adminName, string planName, string reason, string link) => Build(to,
        "An administrator opened a Family Support Plan you coordinate", name,
        $"{adminName}, an FSP Portal administrator who is not on the plan, opened {planName} and gave this reason: {reason}. " +
        "It is recorded in the plan's History. If you did not expect this, tell your early help manager.",
        link, "Open the plan");

    private static EmailMessage Build(string to, string subject, string name, string paragraph, string link, string linkText) => new(to, subject,
        $"Hello {name},\n\n{paragraph}\n\n{link}\n\nFSP Portal",
        $"<!DOCTYPE html><html lang=\"en\"><body style=\"font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#0b0c0c\"><p>Hello {WebUtility.HtmlEncode(name)},</p>"
        + $"<p>{WebUtility.HtmlEncode(paragraph)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">{WebUtility.HtmlEncode(linkText)}</a></p><p>FSP Portal</p></body></html>");
}
