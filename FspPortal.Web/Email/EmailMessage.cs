namespace FspPortal.Web.Email;

/// <summary>A plain, accessible email: a text body, and the same content as simple HTML.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string HtmlBody);

/// <summary>The one way the portal sends email (SendGrid when configured, the local outbox otherwise).</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

public sealed class EmailOptions
{
    public const string Section = "Email";
    public string FromAddress { get; set; } = "no-reply@fsp-portal.invalid";
    public string FromName { get; set; } = "FSP Portal";
    /// <summary>When set, email goes through SendGrid; otherwise to the local outbox folder.</summary>
    public string? SendGridApiKey { get; set; }
    /// <summary>Overrides the SendGrid API host (tests point it at a local listener).</summary>
    public string? SendGridHost { get; set; }
}
