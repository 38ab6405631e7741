using FspPortal.Web.Features.Admin;
using FspPortal.Web.Features.Audit;
using FspPortal.Web.Features.Setup;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace FspPortal.Web.Extensions;

public static class FeatureExtensions
{
    public static IServiceCollection AddFspFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<Features.Plans.DashboardOptions>(configuration.GetSection(Features.Plans.DashboardOptions.Section));
        services.AddSingleton<AuditLog>();
        services.AddSingleton<PlanEventLog>();
        services.AddSingleton<PlanViewAudit>();
        services.AddSingleton<Features.Outbox.EmailQueue>();
        services.AddScoped<PageViewOnce>();
        services.AddScoped<PlanPageViews>();
        services.AddSingleton<AuditQueries>();
        services.AddSingleton<AdminUserService>();
        services.AddSingleton<AccessRequestService>();
        services.AddSingleton<FirstRun>();
        services.AddSingleton<Features.Reference.ReferenceData>();
        services.AddSingleton<Features.Plans.PlanWizardService>();
        services.AddSingleton<Features.Plans.PlanQueries>();
        services.AddSingleton<Features.Plans.PlanStore>();
        services.AddSingleton<Features.Demo.DemoCouncil>();
        services.AddSingleton<Features.Sharing.PlanSharingService>();
        services.AddSingleton<Features.Plans.PlanOverviewService>();
        services.AddSingleton<Features.Reviews.ReviewService>();
        services.AddSingleton<Features.Outcomes.OutcomeFigures>();
        services.AddScoped<Features.Outcomes.ManagerViewAudit>();
        services.Configure<Features.Documents.DocumentOptions>(configuration.GetSection(Features.Documents.DocumentOptions.Section));
        services.AddSingleton<Features.Documents.IVirusScanner>(sp =>
        {
            var documents = configuration.GetSection(Features.Documents.DocumentOptions.Section).Get<Features.Documents.DocumentOptions>() ?? new();
            if (!string.IsNullOrWhiteSpace(documents.ClamdSocket))
                return new Features.Documents.ClamdVirusScanner(documents.ClamdSocket, sp.GetRequiredService<ILogger<Features.Documents.ClamdVirusScanner>>());
            if (!string.IsNullOrWhiteSpace(documents.VirusScanCommand))
                return new Features.Documents.CommandVirusScanner(documents.VirusScanCommand, documents.VirusScanArguments,
                    sp.GetRequiredService<ILogger<Features.Documents.CommandVirusScanner>>());
            return new Features.Documents.NoVirusScanner();
        });
        services.AddSingleton<Features.Documents.FolderDocumentStore>();
        services.AddSingleton<Features.Documents.DatabaseDocumentStore>();
        services.AddSingleton<Features.Documents.DocumentStores>();
        services.AddSingleton<Features.Documents.DocumentService>();
        services.AddSingleton<Features.Plans.BreakGlass>();
        services.AddSingleton<Features.Print.PrintService>();
        services.Configure<Features.Retention.RetentionOptions>(configuration.GetSection(Features.Retention.RetentionOptions.Section));
        services.AddSingleton<Features.Retention.RetentionService>();
        services.Configure<Features.Privacy.PrivacyOptions>(configuration.GetSection(Features.Privacy.PrivacyOptions.Section));
        services.AddSingleton<Features.Privacy.SubjectAccessService>();
        services.AddSingleton<Realtime.InMemoryPlanNotifier>();
        if (Data.StorageOptions.From(configuration).IsPostgreSql)
        {
            // Several servers: changes travel through the database's LISTEN/NOTIFY to every server's open pages.
            services.AddSingleton(sp => new Realtime.PostgresPlanNotifier(sp.GetRequiredService<Realtime.InMemoryPlanNotifier>(),
                configuration[Data.StorageOptions.ConnectionStringKey]!, sp.GetRequiredService<ILogger<Realtime.PostgresPlanNotifier>>()));
            services.AddSingleton<Realtime.IPlanNotifier>(sp => sp.GetRequiredService<Realtime.PostgresPlanNotifier>());
            services.AddHostedService(sp => sp.GetRequiredService<Realtime.PostgresPlanNotifier>());
        }
        else services.AddSingleton<Realtime.IPlanNotifier>(sp => sp.GetRequiredService<Realtime.InMemoryPlanNotifier>());
        services.Configure<Features.Presence.PresenceOptions>(configuration.GetSection(Features.Presence.PresenceOptions.Section));
        services.AddSingleton<Features.Presence.PlanPresence>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Presence.PlanPresence>());
        services.Configure<Features.Operations.LiveCircuitOptions>(configuration.GetSection(Features.Operations.LiveCircuitOptions.Section));
        services.AddSingleton<Features.Operations.LiveCircuits>();
        services.AddScoped<Features.Operations.CircuitLimit>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<Features.Operations.CircuitLimit>());
        services.AddScoped<Features.Presence.PresenceCircuit>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<Features.Presence.PresenceCircuit>());
        return services;
    }

    /// <summary><c>/healthz</c>: the process answers. <c>/healthz/ready</c>: and the database is reachable.</summary>
    public static void MapFspHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
    }
}
