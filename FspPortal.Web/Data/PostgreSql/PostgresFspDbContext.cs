using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FspPortal.Web.Data.PostgreSql;

/// <summary>
/// The portal's database on PostgreSQL (<c>Storage:Provider=PostgreSQL</c>): the same model as <see cref="FspDbContext"/>,
/// as its own type because EF keeps one set of migrations per context type (these are in Data/PostgreSql/Migrations).
/// The app asks for <see cref="FspDbContext"/> everywhere; DataExtensions hands it this one.
/// </summary>
public sealed class PostgresFspDbContext(DbContextOptions<PostgresFspDbContext> options) : FspDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        base.ConfigureConventions(configuration);
        // Every DateTime in the portal is UTC, but values read back from SQLite (or built from dates) carry no kind, and
        // Npgsql writes only UTC-kind values to "timestamp with time zone". Stored as UTC, read back as UTC.
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
