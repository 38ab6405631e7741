using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace FspPortal.Web.Features.Jobs;

public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Off only where a host must not run jobs (e.g. a second web server, when another runs them).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Quartz cron (seconds first), in <see cref="TimeZone"/>: 01:00 every night.</summary>
    public string NumberingCron { get; set; } = "0 0 1 * * ?";
    /// <summary>After the numbering, so the emails can quote the new references: 01:15 every night.</summary>
    public string ReviewSweepCron { get; set; } = "0 15 1 * * ?";
    /// <summary>After the sweep: 01:30 every night.</summary>
    public string RetentionCron { get; set; } = "0 30 1 * * ?";
    /// <summary>The schedules' clock: UK time, so 01:00 stays 01:00 across the clock changes.</summary>
    public string TimeZone { get; set; } = "Europe/London";
    public int ReviewDueSoonDays { get; set; } = 7;
    public int TransferReminderDays { get; set; } = 5;
    /// <summary>On PostgreSQL, how often each server tells the others it is alive (Quartz clustering).</summary>
    public int ClusterCheckinSeconds { get; set; } = 10;
}

/// <summary>The portal's address for links in emails sent by jobs (no request to take it from).</summary>
public sealed class PortalAddress(IConfiguration configuration, IServer server)
{
    public string BaseUri
    {
        get
        {
            var address = configuration["Portal:PublicBaseUrl"] is { Length: > 0 } configured
                ? configured
                : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
            return address.Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://+", "://localhost").TrimEnd('/') + "/";
        }
    }
}
