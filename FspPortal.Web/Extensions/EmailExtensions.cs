using FspPortal.Web.Email;
using FspPortal.Web.Realtime;

namespace FspPortal.Web.Extensions;

public static class EmailExtensions
{
    /// <summary>
    /// Every email is queued in the outbox table (<see cref="EmailOutbox"/>) and delivered after the commit by the
    /// <see cref="OutboxDispatcher"/>, which also publishes live notifications: through SendGrid when
    /// <c>Email:SendGridApiKey</c> is set, otherwise into the local mailbox (the same table, read at /dev/outbox).
    /// </summary>
    public static WebApplicationBuilder AddFspEmail(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(EmailOptions.Section);
        builder.Services.Configure<EmailOptions>(section);
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection(OutboxOptions.Section));
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<EmailOutbox>();
        builder.Services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<EmailOutbox>());
        builder.Services.AddSingleton<LocalMailbox>();
        if (string.IsNullOrWhiteSpace(section.Get<EmailOptions>()?.SendGridApiKey))
            builder.Services.AddSingleton<IEmailTransport, LocalMailboxTransport>();
        else
            builder.Services.AddSingleton<IEmailTransport, SendGridEmailTransport>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return builder;
    }
}
