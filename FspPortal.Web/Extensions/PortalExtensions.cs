using FspPortal.Web.Components;
using FspPortal.Web.Features.Account;
using MudBlazor.Services;

namespace FspPortal.Web.Extensions;

/// <summary>The whole composition, one call per area.</summary>
public static class PortalExtensions
{
    /// <summary>How often an open page's popover service detaches closed popovers (see AddMudServices below).</summary>
    public const int PopoverDetachSeconds = 60;

    public static WebApplicationBuilder AddFspPortal(this WebApplicationBuilder builder)
    {
        builder.UseRootSettings(); // again for hosts other than Program (the benchmarks); it is idempotent
        builder.NarrowAllowedHostsOutsideDevelopment();
        builder.AddTransportSecurity();
        builder.AddFspTelemetry();
        builder.Services.AddExceptionHandler<ErrorReference>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSecurityHeaders();
        // A field's value crosses the live connection in one message. The longest field (4,000 characters) can take
        // ~24 KB once escaped, close to the default 32 KB, beyond which the connection drops and typing is lost; 64 KB
        // fits it with room. Longer pastes never reach the server: the browser holds each field to its limit.
        // Circuits (open pages) are set deliberately, from docs/operations.md's capacity figures: see LiveCircuitOptions.
        var circuits = builder.Configuration.GetSection(Features.Operations.LiveCircuitOptions.Section).Get<Features.Operations.LiveCircuitOptions>() ?? new();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(circuit =>
            {
                circuit.DisconnectedCircuitMaxRetained = circuits.DisconnectedMax;
                circuit.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(circuits.DisconnectedRetentionSeconds);
                circuit.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(circuits.BrowserCallTimeoutSeconds);
            })
            .AddHubOptions(hub =>
            {
                hub.MaximumReceiveMessageSize = 64 * 1024;
                hub.KeepAliveInterval = TimeSpan.FromSeconds(circuits.KeepAliveSeconds);
                hub.ClientTimeoutInterval = TimeSpan.FromSeconds(2 * circuits.KeepAliveSeconds);
            });
        // Messages appear and go at full strength: a fading message is unreadable (and fails contrast) while it fades.
        builder.Services.AddMudServices(mud =>
        {
            mud.SnackbarConfiguration.ShowTransitionDuration = 0;
            mud.SnackbarConfiguration.HideTransitionDuration = 0;
            // Bottom left: clear of the top bar's Sign out and of the page's main buttons.
            mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft;
            // Every open page's popover service wakes on this period to detach closed popovers (dropdowns, menus), even
            // when there are none: at 0.5 s (MudBlazor's default) 1,000 idle pages woke 2,000 times a second and held 14 %
            // of a core. A closed popover stays hidden until it is detached, so a longer period costs nothing seen.
            mud.PopoverOptions.QueueDelay = TimeSpan.FromSeconds(PopoverDetachSeconds);
        });
        builder.AddFspData();
        builder.AddFspIdentity();
        builder.Services.AddFspRateLimits(builder.Configuration);
        builder.AddFspEmail();
        builder.Services.AddFspFeatures(builder.Configuration);
        builder.Services.AddHealthChecks().AddDbContextCheck<Data.FspDbContext>(tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapFspPortal(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            if (TransportSecurity.IsHttpsOutsideDevelopment(app.Configuration, app.Environment))
            {
                app.UseHsts();
                app.UseHttpsRedirection();
            }
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRateLimiter();
        app.UseAntiforgery();
        Features.Account.AdminSignInGuard.UseAdminSignInGuard(app);
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        Features.Documents.PlanFileEndpoints.MapPlanFiles(app);
        Features.Exports.ExportEndpoints.MapListExports(app);
        Features.Privacy.SubjectAccessEndpoints.MapSubjectAccess(app);
        app.MapFspHealthChecks();
        return app;
    }

    public const string PublicBaseUrlMissing =
        "Portal:PublicBaseUrl must be set outside Development to the address people use, e.g. https://fsp.example.gov.uk/ " +
        "(in appsettings.json, or the environment variable Portal__PublicBaseUrl). Every emailed link is built from it, never " +
        "from a request's Host header, which anyone can forge.";

    /// <summary>
    /// Outside Development (where <see cref="StartupChecks"/> has made sure <c>Portal:PublicBaseUrl</c> is set),
    /// <c>AllowedHosts</c> "*" (the default) narrows to that host, plus localhost for health probes on the machine.
    /// </summary>
    private static void NarrowAllowedHostsOutsideDevelopment(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment()) return;
        if (!Uri.TryCreate(builder.Configuration["Portal:PublicBaseUrl"], UriKind.Absolute, out var address)) return;
        if (builder.Configuration["AllowedHosts"] is null or "" or "*")
            builder.Configuration["AllowedHosts"] = $"{address.Host};localhost;127.0.0.1";
    }
}
