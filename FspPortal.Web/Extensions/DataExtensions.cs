using FspPortal.Web.Data;
using FspPortal.Web.Features.Jobs;
using FspPortal.Web.Features.Setup;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace FspPortal.Web.Extensions;

/// <summary>The data folder, the database (one short-lived context per operation) and Data Protection keys.</summary>
public static class DataExtensions
{
    /// <summary>
    /// The provider's own context type, handed out as the <see cref="FspDbContext"/> the app asks for: from the factory
    /// (one short-lived context per operation) and as a scoped service (Identity's stores, Data Protection, health).
    /// </summary>
    private static void AddProviderContext<TContext>(this IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : FspDbContext
    {
        services.AddDbContextFactory<TContext>(configure);
        services.AddSingleton<IDbContextFactory<FspDbContext>>(provider => new ProviderContextFactory<TContext>(provider.GetRequiredService<IDbContextFactory<TContext>>()));
        services.AddScoped<FspDbContext>(provider => provider.GetRequiredService<TContext>());
    }

    /// <summary>Hands out the provider's own context type as the <see cref="FspDbContext"/> the app asks for.</summary>
    private sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<FspDbContext>
        where TContext : FspDbContext
    {
        public FspDbContext CreateDbContext() => inner.CreateDbContext();
        public async Task<FspDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }

    public static WebApplicationBuilder AddFspData(this WebApplicationBuilder builder)
    {
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var dataDirectory = StorageOptions.ResolveDataDirectory(storage.DataDirectory, builder.Environment.ContentRootPath);
        OwnerOnlyFiles.Apply(dataDirectory);
        builder.Services.AddSingleton(new DataFolder(dataDirectory));

        var configured = builder.Configuration[StorageOptions.ConnectionStringKey];
        var connectionString = !string.IsNullOrWhiteSpace(configured) ? configured
            : new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "fsp-portal.db"), Pooling = true }.ToString();

        if (storage.IsPostgreSql)
            builder.Services.AddProviderContext<Data.PostgreSql.PostgresFspDbContext>(options => options
                .UseNpgsql(connectionString)
                .AddInterceptors(new AppendOnlyAuditInterceptor()));
        else
            builder.Services.AddProviderContext<SqliteFspDbContext>(options => options
                .UseSqlite(connectionString)
                .AddInterceptors(new SqlitePragmaInterceptor(), new AppendOnlyAuditInterceptor()));

        builder.Services.AddFspJobs(builder.Configuration, storage, connectionString, dataDirectory);

        var keys = builder.Services.AddDataProtection()
            .SetApplicationName("FspPortal")
            .PersistKeysToDbContext<FspDbContext>();
        // The keys sit in the database beside the data. With a certificate named in settings they are stored encrypted,
        // so a copy of the database (a backup, a stolen disk) does not also hand over the keys to its sign-ins and tokens.
        var certificatePath = builder.Configuration["DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(certificatePath))
        {
            var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                certificatePath, builder.Configuration["DataProtection:CertificatePassword"]);
            if (!certificate.HasPrivateKey)
                throw new InvalidOperationException($"DataProtection:CertificatePath {certificatePath} has no private key: the portal could not read its own keys.");
            keys.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        return builder;
    }

    /// <summary>
    /// Applies migrations (unless <c>Storage:MigrateOnStart</c> is false, for servers where an operator runs
    /// <c>migrate</c> once), switches SQLite to WAL, seeds the roles and prepares the first admin's link. False, with
    /// the reason printed, when the database needs migrations that this start must not apply.
    /// </summary>
    public static async Task<bool> InitialiseDatabaseAsync(this WebApplication app, bool migrating = false)
    {
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<FspDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var migrate = migrating || app.Configuration.GetValue("Storage:MigrateOnStart", true);
            if (migrate && db.Database.IsNpgsql())
            {
                // Npgsql's history probe and migrator read the history table before making it, and EF logs that read as a failure ("fail:
                // Failed executing DbCommand … __EFMigrationsHistory", npgsql/efcore.pg#3407): a fresh install would
                // start with two error lines. Made first, the read finds an empty table.
                var history = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>();
                await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript());
            }
            if (migrate && await SquashedMigrations.RewriteHistoryAsync(db) is { } cannotUpgrade)
            {
                Console.Error.WriteLine("FSP Portal did not start: " + cannotUpgrade);
                return false;
            }
            if (migrate) await db.Database.MigrateAsync();
            else if ((await db.Database.GetPendingMigrationsAsync()).ToList() is { Count: > 0 } pending)
            {
                Console.Error.WriteLine($"FSP Portal did not start: the database needs {pending.Count} migration(s) ({string.Join(", ", pending)}) and " +
                                        "Storage:MigrateOnStart is false. Run \"dotnet FspPortal.Web.dll migrate\" once (after a backup), then start the portal.");
                return false;
            }
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await Features.Reference.ReferenceData.SeedAsync(db);
        }
        await Features.Plans.PlanSearchIndex.RebuildStaleAsync(dbFactory, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FspPortal.Search"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in Roles.All)
                if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }

        await FillDemoCouncilAsync(app);

        var swept = app.Services.GetRequiredService<Features.Documents.DocumentService>().SweepPartialUploads();
        if (swept > 0) app.Logger.LogInformation("Removed {Count} partial upload(s) left by an earlier stop.", swept);
        var exports = app.Services.GetRequiredService<Features.Privacy.SubjectAccessService>().SweepExpired(atStart: true);
        if (exports > 0) app.Logger.LogInformation("Removed {Count} expired subject access export(s).", exports);
        app.Logger.LogInformation("Virus scanning: {Scanner}.", app.Services.GetRequiredService<Features.Documents.IVirusScanner>().Description);

        // The link needs the address the server listens on, known once it has started.
        if (!migrating) app.Lifetime.ApplicationStarted.Register(() => _ = AnnounceFirstRunAsync(app));
        return true;
    }

    /// <summary><c>Demo:Plans</c> (Development only): an empty portal gets a synthetic council to look at.</summary>
    private static async Task FillDemoCouncilAsync(WebApplication app)
    {
        var plans = app.Configuration.GetValue<int>("Demo:Plans");
        if (plans <= 0) return;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FspPortal.Demo");
        if (!app.Environment.IsDevelopment())
        {
            logger.LogWarning("Demo:Plans is ignored outside Development: a real portal never gets demo data.");
            return;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var email = await app.Services.GetRequiredService<Features.Demo.DemoCouncil>()
            .FillDevelopmentDatabaseAsync(plans, scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>());
        if (email is not null)
            logger.LogWarning("Demo council created with {Plans} plans. Sign in as {Email} with the password \"{Password}\" (codes in the outbox).",
                plans, email, Features.Demo.DemoCouncil.DemoPractitionerPassword);
    }

    private static async Task AnnounceFirstRunAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FspPortal.FirstRun");
        try
        {
            var baseUri = app.Services.GetRequiredService<PortalAddress>().BaseUri;
            var link = await app.Services.GetRequiredService<FirstRun>().PrepareAsync();
            if (link is null) return;
            var outbox = app.Configuration["Email:SendGridApiKey"] is { Length: > 0 }
                ? "Sign-in codes are emailed to the admin's address."
                : app.Environment.IsDevelopment()
                    ? $"Emailed sign-in codes land in the local outbox: open {baseUri}dev/outbox (Development only)."
                    : "No email service is set up (Email:SendGridApiKey), so no email leaves the portal: set one before signing in.";
            logger.LogWarning("""

                ==================================================================
                 FSP Portal has no accounts yet. Set up the first admin here
                 (the link works once):

                   {Link}

                 Then sign in with that email and password. {Outbox}
                ==================================================================
                """, baseUri + link, outbox);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not prepare the first admin's set-up link.");
        }
    }
}

/// <summary>The resolved <c>Storage:DataDirectory</c>.</summary>
public sealed record DataFolder(string Path);
