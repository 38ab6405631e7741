using System.Net;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace FspPortal.Web.Email;

/// <summary>Sends through the SendGrid v3 API; chosen when <c>Email:SendGridApiKey</c> is set. Only the outbox dispatcher calls it.</summary>
public sealed class SendGridEmailTransport(IOptions<EmailOptions> options, ILogger<SendGridEmailTransport> logger) : IEmailTransport
{
    public string Description => "SendGrid";

    public async Task DeliverAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var clientOptions = new SendGridClientOptions { ApiKey = settings.SendGridApiKey };
        if (!string.IsNullOrWhiteSpace(settings.SendGridHost)) clientOptions.Host = settings.SendGridHost;
        var client = new SendGridClient(clientOptions);

        var mail = MailHelper.CreateSingleEmail(
            new EmailAddress(settings.FromAddress, settings.FromName),
            new EmailAddress(message.To),
            message.Subject, message.TextBody, message.HtmlBody);
        // Sign-in codes and set-password links must not be rewritten by click tracking.
        mail.SetClickTracking(false, false);

        var response = await client.SendEmailAsync(mail, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
        {
            var body = await response.Body.ReadAsStringAsync(cancellationToken);
            logger.LogError("SendGrid refused an email to {To}: {Status} {Body}", message.To, (int)response.StatusCode, body);
            throw new InvalidOperationException($"The email could not be sent (SendGrid answered {(int)response.StatusCode}).");
        }
    }
}
