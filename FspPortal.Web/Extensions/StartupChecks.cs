using System.Globalization;
using System.Net.Mail;
using FspPortal.Web.Data;

namespace FspPortal.Web.Extensions;

/// <summary>
/// Every setting checked before the portal touches anything: a wrong one stops the start with a sentence naming it
/// (and what would be right), instead of a portal that reports ready and misbehaves, or a raw exception after the
/// migrations have run. <see cref="Find"/> returns the problems; Program prints them and exits with code 2.
/// </summary>
public static class StartupChecks
{
    /// <summary>The exit code of a start refused for its settings (a supervisor should not restart it blindly).</summary>
    public const int ExitCode = 2;

    public static IReadOnlyList<string> Find(IConfiguration settings, IHostEnvironment environment)
    {
        var problems = new List<string>();
        void Whole(string key, int min, int max)
        {
            var value = settings[key];
            if (string.IsNullOrWhiteSpace(value)) return; // the default applies
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                problems.Add($"{key} is \u201c{value}\u201d, which is not a whole number: it must be between {min} and {max}.");
            else if (number < min || number > max)
                problems.Add($"{key} is {number}: it must be between {min} and {max}.");
        }

        Whole("Security:SignInCodeMinutes", 1, 60);
        Whole("Security:SignInCodeResendSeconds", 0, 3600);
        Whole("Security:InvitationHours", 1, 720);
        Whole("Security:PasswordResetHours", 1, 72);
        Whole("Security:MaxFailedAttempts", 1, 1000);
        Whole("Security:LockoutMinutes", 1, 1440);
        Whole("Security:SessionRevalidationSeconds", 1, 3600);
        Whole("Circuits:MaxPerPerson", 0, 10_000);
        Whole("Circuits:DisconnectedMax", 0, 100_000);
        Whole("Circuits:DisconnectedRetentionSeconds", 0, 86_400);
        Whole("Circuits:BrowserCallTimeoutSeconds", 1, 600);
        Whole("Circuits:KeepAliveSeconds", 5, 300);
        Whole("Security:SessionHours", 1, 24);
        Whole("Security:SessionIdleMinutes", 1, 1440);
        Whole("Security:AccountEmailsPerHour", 1, 1000);
        Whole("Security:AnonymousPostsPerMinute", 1, 100_000);
        Whole("Dashboard:ReviewOutstandingWeeks", 1, 520);
        Whole("Dashboard:ReviewLongOutstandingWeeks", 1, 520);
        Whole("Dashboard:ReviewsDueDays", 1, 365);
        Whole("Documents:MaxFileSizeMB", 1, 2048);
        Whole("Documents:MaxArchiveEntries", 1, 1_000_000);
        Whole("Documents:MaxUnpackedMB", 1, 100_000);
        Whole("Documents:MaxCompressionRatio", 2, 100_000);
        Whole("Outbox:PollSeconds", 1, 3600);
        Whole("Jobs:ReviewDueSoonDays", 1, 365);
        Whole("Jobs:TransferReminderDays", 1, 365);
        Whole("Jobs:ClusterCheckinSeconds", 1, 300);
        Whole("Demo:Plans", 0, 100_000);
        Whole("Retention:YearsAfterClosure", 0, 100);
        Whole("Retention:UntilYoungestChildAge", 0, 120);
        Whole("Retention:NoticeDays", 0, 3650);
        Whole("Privacy:ExportLinkMinutes", 1, 1440);
        if (settings["Retention:YearsAfterClosure"] == "0" && settings["Retention:UntilYoungestChildAge"] == "0")
            problems.Add("Retention:YearsAfterClosure and Retention:UntilYoungestChildAge are both 0: at least one must say how long plans are kept " +
                         "(to keep plans for ever, set Retention:Enabled to false).");

        foreach (var key in new[] { "Outbox:DispatchEnabled", "Jobs:Enabled", "Storage:MigrateOnStart", "Retention:Enabled", "Retention:WhicheverIsLater", "Privacy:SubjectAccessByCoordinators" })
            if (settings[key] is { Length: > 0 } flag && !bool.TryParse(flag, out _))
                problems.Add($"{key} is \u201c{flag}\u201d: it must be true or false.");

        if (settings["Storage:Provider"] is { Length: > 0 } provider
            && !new[] { StorageOptions.Sqlite, StorageOptions.PostgreSql }.Contains(provider, StringComparer.OrdinalIgnoreCase))
            problems.Add($"Storage:Provider is \u201c{provider}\u201d: it must be {StorageOptions.Sqlite} (the default) or {StorageOptions.PostgreSql}.");
        else if (string.Equals(settings["Storage:Provider"], StorageOptions.PostgreSql, StringComparison.OrdinalIgnoreCase)
                 && string.IsNullOrWhiteSpace(settings[StorageOptions.ConnectionStringKey]))
            problems.Add($"Storage:Provider is PostgreSQL but {StorageOptions.ConnectionStringKey} is not set: name the database, for example " +
                         "Host=db.council.internal;Database=fsp;Username=fsp;Password=… (environment variable ConnectionStrings__Portal).");

        if (settings["Documents:Store"] is { Length: > 0 } documentStore
            && documentStore is not (Features.Documents.FolderDocumentStore.StoreName or Features.Documents.DatabaseDocumentStore.StoreName))
            problems.Add($"Documents:Store is \u201c{documentStore}\u201d: it must be {Features.Documents.FolderDocumentStore.StoreName} (the data folder, the default) " +
                         $"or {Features.Documents.DatabaseDocumentStore.StoreName}.");

        if (settings["Email:FromAddress"] is { Length: > 0 } from && !MailAddress.TryCreate(from, out _))
            problems.Add($"Email:FromAddress is \u201c{from}\u201d, which is not an email address (for example fsp-portal@council.gov.uk).");

        if (settings["Jobs:TimeZone"] is { Length: > 0 } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            problems.Add($"Jobs:TimeZone is \u201c{zone}\u201d, which this machine does not know: use an IANA name such as Europe/London.");
        foreach (var key in new[] { "Jobs:NumberingCron", "Jobs:ReviewSweepCron", "Jobs:RetentionCron" })
            if (settings[key] is { Length: > 0 } cron && !IsCron(cron))
                problems.Add($"{key} is \u201c{cron}\u201d, which is not a Quartz cron expression (seconds first, for example \u201c0 0 1 * * ?\u201d for 01:00).");

        CheckDataFolder(settings, environment, problems);

        if (!environment.IsDevelopment())
        {
            if (!Uri.TryCreate(settings["Portal:PublicBaseUrl"], UriKind.Absolute, out var address) || address.Scheme is not ("https" or "http"))
                problems.Add(PortalExtensions.PublicBaseUrlMissing);
            if (string.IsNullOrWhiteSpace(settings["Email:SendGridApiKey"]) && !string.Equals(settings["Email:Transport"], "Outbox", StringComparison.OrdinalIgnoreCase))
                problems.Add(NoEmailTransport);
        }

        if (settings["DataProtection:CertificatePath"] is { Length: > 0 } certificate && !File.Exists(certificate))
            problems.Add($"DataProtection:CertificatePath is \u201c{certificate}\u201d, but there is no such file.");
        if (settings["Portal:KnownProxies"] is { Length: > 0 } proxies)
            foreach (var proxy in proxies.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (!(proxy.Contains('/') ? System.Net.IPNetwork.TryParse(proxy, out _) : System.Net.IPAddress.TryParse(proxy, out _)))
                    problems.Add($"Portal:KnownProxies has \u201c{proxy}\u201d, which is neither an address (10.0.0.5) nor a network (10.0.0.0/8).");
        return problems;
    }

    private static bool IsCron(string expression)
    {
        try { _ = new Quartz.CronExpression(expression); return true; }
        catch (FormatException) { return false; }
    }

    public const string NoEmailTransport =
        "Email:SendGridApiKey is not set, so sign-in codes and invitations would not reach anyone: set it (Email__SendGridApiKey), " +
        "or set Email:Transport to Outbox to keep every email in the portal's own database on purpose (admins read them under Admin → Email).";

    /// <summary>The data folder must exist or be creatable, and be writable, before anything is written to it.</summary>
    private static void CheckDataFolder(IConfiguration settings, IHostEnvironment environment, List<string> problems)
    {
        var configured = settings["Storage:DataDirectory"] is { Length: > 0 } value ? value : new StorageOptions().DataDirectory;
        var folder = StorageOptions.ResolveDataDirectory(configured, environment.ContentRootPath);
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".write-check-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"Storage:DataDirectory is \u201c{folder}\u201d, which the portal cannot create or write to ({ex.Message}). " +
                         "Create it and give the portal's account write access, or choose another folder.");
        }
    }

    /// <summary>One readable paragraph for the console.</summary>
    public static string Describe(IReadOnlyList<string> problems) =>
        "FSP Portal did not start, because of its settings (appsettings.json, or environment variables such as Security__SessionHours):" +
        Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)) + Environment.NewLine +
        "Nothing was changed: fix the setting and start it again.";
}
