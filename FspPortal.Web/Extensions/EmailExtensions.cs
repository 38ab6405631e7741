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
        builder.Services.AddHostedService<EmailTransportWarning>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return builder;
    }
}

/// <summary>
/// Outside Development, keeping email in the portal's own outbox is allowed only when chosen (<c>Email:Transport=Outbox</c>);
/// then every start says so, so nobody waits for a sign-in code that was never going to arrive.
/// </summary>
internal sealed class EmailTransportWarning(IEmailTransport transport, IHostEnvironment environment, ILogger<EmailTransportWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() && transport is LocalMailboxTransport)
            logger.LogWarning("Email is not sent anywhere (Email:Transport=Outbox): every email stays in the portal's database, and admins read them under Admin → Email. Set Email:SendGridApiKey to send them.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
