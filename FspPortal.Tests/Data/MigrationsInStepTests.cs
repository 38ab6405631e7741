using FspPortal.Tests.Support;
using FspPortal.Web.Data;
using FspPortal.Web.Data.PostgreSql;
using Microsoft.EntityFrameworkCore;

namespace FspPortal.Tests.Data;

/// <summary>
/// Each provider has its own migrations. A change to the model needs a migration for both: this fails, naming the
/// provider and the command, when either one's last migration snapshot differs from the model. EF compares the model with
/// the snapshot without opening a database; the app's services are lent to both contexts because Identity shapes its
/// tables from the app's Identity options.
/// </summary>
[Trait("Provider", "SQLite")] // one run is enough: it reads both providers' migrations
[Trait("Category", "Integration")]
public sealed class MigrationsInStepTests : IAsyncLifetime
{
    private readonly PortalFactory portal = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await portal.DisposeAsync();

    private SqliteFspDbContext Sqlite() => new(new DbContextOptionsBuilder<SqliteFspDbContext>()
        .UseSqlite("Data Source=:memory:").UseApplicationServiceProvider(portal.Services).Options);

    private PostgresFspDbContext Postgres() => new(new DbContextOptionsBuilder<PostgresFspDbContext>()
        .UseNpgsql("Host=localhost").UseApplicationServiceProvider(portal.Services).Options);

    [Fact]
    public void The_sqlite_migrations_describe_the_current_model()
    {
        using var db = Sqlite();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changed without a SQLite migration: dotnet ef migrations add <Name> --context SqliteFspDbContext --project FspPortal.Web --output-dir Data/Migrations");
    }

    [Fact]
    public void The_postgresql_migrations_describe_the_current_model()
    {
        using var db = Postgres();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changed without a PostgreSQL migration: dotnet ef migrations add <Name> --context PostgresFspDbContext --project FspPortal.Web " +
            "--output-dir Data/PostgreSql/Migrations -- --Storage:Provider=PostgreSQL \"--ConnectionStrings:Portal=Host=localhost\"");
    }

    [Fact]
    public void Both_providers_have_the_same_migrations_by_name()
    {
        using var sqlite = Sqlite();
        using var postgres = Postgres();
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_') + 1)..]);
        Assert.Equal(Names(sqlite), Names(postgres));
    }
}
