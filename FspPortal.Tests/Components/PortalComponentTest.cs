using Bunit;
using FspPortal.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace FspPortal.Tests.Components;

/// <summary>
/// One bunit base for MudBlazor components: loose JS interop, MudBlazor services, an interactive renderer, and the
/// portal's real services (real SQLite file) taken from a running app. Disposal goes through DisposeAsync because
/// MudBlazor's services are only IAsyncDisposable.
/// </summary>
public abstract class PortalComponentTest : BunitContext, IAsyncLifetime
{
    protected PortalFactory Portal { get; } = new();

    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        // Pages that show a plan record their view once (the real audit; the persisted state as bunit provides it).
        AddBunitPersistentComponentState();
        UseAppService<FspPortal.Web.Features.Audit.PlanViewAudit>();
        Services.AddScoped<FspPortal.Web.Features.Audit.PageViewOnce>();
        Services.AddScoped<FspPortal.Web.Features.Audit.PlanPageViews>();
    }

    /// <summary>What the plan overview (and its sections) inject: the app's services, the system clock, no-op logging.</summary>
    protected void UseOverviewServices()
    {
        UseAppService<FspPortal.Web.Features.Plans.PlanOverviewService>();
        UseAppService<FspPortal.Web.Features.Plans.BreakGlass>();
        UseAppService<FspPortal.Web.Features.Audit.PlanViewAudit>();
        UseAppService<FspPortal.Web.Features.Sharing.PlanSharingService>();
        UseAppService<FspPortal.Web.Features.Documents.DocumentService>();
        UseAppService<FspPortal.Web.Features.Reference.ReferenceData>();
        UseAppService<FspPortal.Web.Realtime.IPlanNotifier>();
        UseAppService<FspPortal.Web.Features.Presence.PlanPresence>();
        Services.AddScoped<FspPortal.Web.Features.Presence.PresenceCircuit>();
        UseAppService<Microsoft.Extensions.Options.IOptions<FspPortal.Web.Features.Plans.DashboardOptions>>();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>));
    }

    /// <summary>Makes one of the app's own singletons available to the component under test.</summary>
    protected void UseAppService<T>() where T : class => Services.AddSingleton(_ => Portal.Services.GetRequiredService<T>());

    /// <summary>The input a visible label points to (fails when a field has no label: that is a bug here).</summary>
    protected static AngleSharp.Dom.IElement InputLabelled(IRenderedComponent<IComponent> cut, string label)
    {
        var labelElement = cut.FindAll("label").FirstOrDefault(l => l.TextContent.Trim().TrimEnd('*').Trim() == label)
            ?? throw new Xunit.Sdk.XunitException($"No label '{label}'. Labels: {string.Join(", ", cut.FindAll("label").Select(l => l.TextContent))}");
        var id = labelElement.GetAttribute("for");
        Assert.False(string.IsNullOrEmpty(id), $"The label '{label}' is not tied to its input");
        return cut.Find($"#{id}");
    }

    public virtual Task InitializeAsync()
    {
        _ = Portal.Server;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true)); // after every service is registered
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Portal.DisposeAsync();
    }
}
