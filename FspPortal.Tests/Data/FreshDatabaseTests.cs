using FspPortal.Tests.Support;

namespace FspPortal.Tests.Data;

/// <summary>
/// A first start on an empty database logs no error: an operator watching a new install (or an alert on "fail:" lines)
/// must not see one. On PostgreSQL, EF used to log its first read of the not-yet-made migrations history as a failure.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FreshDatabaseTests
{
    [Fact]
    public async Task A_first_start_on_an_empty_database_logs_no_error()
    {
        await using var portal = new PortalFactory(environment: "Production");
        _ = portal.Services; // starts: migrates, seeds, prepares the first admin's link

        await Eventually.TrueAsync(() => portal.Logs.Any(line => line.Contains("FSP Portal has no accounts yet")), "the first-run box, the last thing a first start prints");
        Assert.True(portal.ErrorLogs.IsEmpty, string.Join("\n", portal.ErrorLogs));
    }
}
