using FspPortal.Web.Email;

namespace FspPortal.Web.Extensions;

public static class EmailExtensions
{
    /// <summary>SendGrid when <c>Email:SendGridApiKey</c> is set; otherwise the local outbox under the data folder.</summary>
    public static WebApplicationBuilder AddFspEmail(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(EmailOptions.Section);
        builder.Services.Configure<EmailOptions>(section);
        builder.Services.AddSingleton(sp => OutboxFolder.Under(sp.GetRequiredService<DataFolder>().Path));
        if (string.IsNullOrWhiteSpace(section.Get<EmailOptions>()?.SendGridApiKey))
            builder.Services.AddSingleton<IEmailSender, LocalOutboxEmailSender>();
        else
            builder.Services.AddSingleton<IEmailSender, SendGridEmailSender>();
        return builder;
    }
}
