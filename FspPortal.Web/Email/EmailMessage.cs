namespace FspPortal.Web.Email;

/// <summary>A plain, accessible email: a text body, and the same content as simple HTML.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string HtmlBody);

/// <summary>
/// The one way the portal sends email: <see cref="SendAsync"/> queues it in the outbox (it returns once queued; the
/// dispatcher delivers it through SendGrid or the local mailbox, retrying when the service is down).
/// </summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

public sealed class EmailOptions
{
    public const string Section = "Email";
    public string FromAddress { get; set; } = "no-reply@fsp-portal.invalid";
    public string FromName { get; set; } = "FSP Portal";
    /// <summary>When set, email goes through SendGrid; otherwise into the local mailbox (the portal's database).</summary>
    public string? SendGridApiKey { get; set; }
    /// <summary>Overrides the SendGrid API host (tests point it at a local listener).</summary>
    public string? SendGridHost { get; set; }
}
