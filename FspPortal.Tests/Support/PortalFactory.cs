using System.Collections.Concurrent;
using FspPortal.Web.Data;
using FspPortal.Web.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace FspPortal.Tests.Support;

/// <summary>
/// The real app (Program) on a fresh data folder with its own SQLite file and outbox, in Development.
/// Settings are passed with UseSetting so they are seen while Program registers its services.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? extraServices;

    public PortalFactory(string? dataDirectory = null, string environment = "Development",
        FakeTimeProvider? clock = null, IDictionary<string, string?>? settings = null, bool kestrel = false,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        extraServices = services;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "fsp-tests", Guid.NewGuid().ToString("N"));
        Environment = environment;
        Clock = clock;
        this.settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        // Outside Development a real portal must be told its public address (it refuses to start without it).
        if (environment != "Development") this.settings.TryAdd("Portal:PublicBaseUrl", "http://localhost/");
        // …and how email leaves: the tests read it from the portal's own outbox.
        if (environment != "Development") this.settings.TryAdd("Email:Transport", "Outbox");
        // A test that moves the clock by hand runs the jobs itself: the scheduler (on the same clock) would see each jump
        // as nights passing and run them too. A test of the scheduler on a fake clock turns it on.
        if (clock is not null) this.settings.TryAdd("Jobs:Enabled", "false");
        // The Integration layer runs a second time on PostgreSQL (test.sh): one database per data folder.
        if (TestDatabase.PostgreSqlServer is { } server && !this.settings.ContainsKey("Storage:Provider"))
        {
            this.settings["Storage:Provider"] = "PostgreSQL";
            this.settings["ConnectionStrings:Portal"] = TestDatabase.CreatePostgreSql(server, DataDirectory);
        }
        if (kestrel) UseKestrel(0);
    }

    public string DataDirectory { get; }

    /// <summary>The database's connection string on PostgreSQL (null on SQLite, where the data folder names the file).</summary>
    public string? ConnectionString => settings.GetValueOrDefault("ConnectionStrings:Portal");
    public string Environment { get; }
    public FakeTimeProvider? Clock { get; }
    public ConcurrentQueue<string> Logs { get; } = new();
    /// <summary>What was logged as an error or worse ("fail:"/"crit:" on a console), with its category.</summary>
    public ConcurrentQueue<string> ErrorLogs { get; } = new();

    /// <summary>Every email the portal has asked to send (queued in its outbox, or already delivered).</summary>
    public TestOutbox Outbox => new(Services.GetRequiredService<LocalMailbox>());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        // The static web assets of a build (not published) are found through the build's manifest; the host reads it by
        // itself only in Development. A published portal has them in its wwwroot folder instead.
        builder.UseStaticWebAssets();
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs, ErrorLogs)));
        if (Clock is not null) builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
        if (extraServices is not null) builder.ConfigureServices(extraServices);
    }

    /// <summary>Starts a real Kestrel server (for the browser) and returns its base address.</summary>
    public string StartKestrel()
    {
        StartServer();
        return ClientOptions.BaseAddress.ToString();
    }

    public HttpClient CreatePortalClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<ApplicationUser> CreateUserAsync(string email, string password, string fullName = "Pat Practitioner", bool admin = false, string agency = "School")
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser
        {
            UserName = email, Email = email, EmailConfirmed = true, FullName = fullName, Agency = agency,
            TwoFactorEnabled = true, IsActive = true, CreatedUtc = DateTime.UtcNow,
        };
        var result = await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        await users.AddToRolesAsync(user, admin ? [Roles.Admin, Roles.Practitioner] : [Roles.Practitioner]);
        return user;
    }

    /// <summary>Gives a user the Manager role, for the whole council or (<paramref name="agencyCode"/>) one agency.</summary>
    public async Task MakeManagerAsync(ApplicationUser user, string? agencyCode = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var stored = (await users.FindByIdAsync(user.Id))!;
        stored.ManagesAgencyCode = agencyCode;
        Assert.True((await users.UpdateAsync(stored)).Succeeded);
        Assert.True((await users.AddToRoleAsync(stored, Roles.Manager)).Succeeded);
    }

    public async Task<FspDbContext> CreateDbContextAsync() =>
        await Services.GetRequiredService<IDbContextFactory<FspDbContext>>().CreateDbContextAsync();

    /// <summary>The newest delivered email to <paramref name="to"/>, waiting (generously: the dispatcher sends after the commit) for it.</summary>
    public async Task<OutboxEmail> LatestEmailAsync(string to, string subjectContains, string? textContains = null)
    {
        var mailbox = Services.GetRequiredService<LocalMailbox>();
        for (var i = 0; i < 300; i++)
        {
            var email = mailbox.ReadAll(to).FirstOrDefault(e => e.Subject.Contains(subjectContains, StringComparison.OrdinalIgnoreCase)
                                                                && (textContains is null || e.TextBody.Contains(textContains, StringComparison.Ordinal)));
            if (email is not null) return email;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"No email to {to} about '{subjectContains}'. Outbox has: " +
            string.Join("; ", Outbox.ReadAll().Select(e => $"{e.To}: {e.Subject}")));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (settings.TryGetValue("Storage:Provider", out var provider) && provider == "PostgreSQL" && TestDatabase.PostgreSqlServer is { } server)
            await TestDatabase.DropPostgreSqlAsync(server, DataDirectory);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Disposes the app but keeps its data folder (to start it again on the same data).</summary>
    public async Task StopKeepingDataAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}

/// <summary>What the tests read as "sent": every email the portal queued, delivered or not yet (the queue is written in the request).</summary>
public sealed class TestOutbox(LocalMailbox mailbox)
{
    public IReadOnlyList<OutboxEmail> ReadAll(string? to = null) => mailbox.ReadAll(to, includeQueued: true);
}

internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink, ConcurrentQueue<string> errors) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(sink, errors, categoryName);
    public void Dispose() { }

    private sealed class Logger(ConcurrentQueue<string> sink, ConcurrentQueue<string> errors, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = exception is null ? formatter(state, exception) : $"{formatter(state, exception)}\n{exception}";
            sink.Enqueue(line);
            if (logLevel >= LogLevel.Error) errors.Enqueue($"{category}[{eventId.Id}]: {line}");
        }
    }
}
