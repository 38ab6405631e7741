using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FspPortal.Web.Extensions;

/// <summary>
/// The portal's own measurements (meter and activity source "FspPortal"): sign-ins by outcome, codes sent, plans saved,
/// emails by state, live circuits, job runs and their durations. Read by OpenTelemetry beside the framework's own.
/// </summary>
public static class PortalTelemetry
{
    public const string Name = "FspPortal";
    private static readonly Meter Meter = new(Name);
    public static readonly ActivitySource Source = new(Name);

    private static readonly Counter<long> SignInCounter = Meter.CreateCounter<long>("fsp.sign_ins", description: "Sign-in attempts by outcome (ok, wrong, waiting, locked, refused).");
    private static readonly Counter<long> CodesSentCounter = Meter.CreateCounter<long>("fsp.sign_in_codes_sent", description: "Emailed sign-in codes.");
    private static readonly Counter<long> PlansSavedCounter = Meter.CreateCounter<long>("fsp.plans_saved", description: "Committed changes of plans.");
    private static readonly Counter<long> EmailCounter = Meter.CreateCounter<long>("fsp.emails", description: "Emails by state (queued, sent, failed).");
    private static readonly UpDownCounter<long> CircuitCounter = Meter.CreateUpDownCounter<long>("fsp.circuits", description: "Live circuits (open pages) on this server.");
    private static readonly Counter<long> JobRunCounter = Meter.CreateCounter<long>("fsp.job_runs", description: "Nightly job runs by job and outcome.");
    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("fsp.job_duration", unit: "s", description: "How long each job run took.");

    public static void SignIn(string outcome) => SignInCounter.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    public static void CodeSent() => CodesSentCounter.Add(1);
    public static void PlanSaved() => PlansSavedCounter.Add(1);
    public static void Email(string state, int count = 1) => EmailCounter.Add(count, new KeyValuePair<string, object?>("state", state));
    /// <summary>Counted by <see cref="Features.Operations.LiveCircuits"/>, which also keeps them by person.</summary>
    public static void CircuitOpened() => CircuitCounter.Add(1);
    public static void CircuitClosed() => CircuitCounter.Add(-1);

    public static void JobRan(string job, bool succeeded, TimeSpan took)
    {
        var tags = new TagList { { "job", job }, { "outcome", succeeded ? "ok" : "failed" } };
        JobRunCounter.Add(1, tags);
        JobDuration.Record(took.TotalSeconds, tags);
    }

    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry: ASP.NET Core, HttpClient (SendGrid), EF Core, the runtime and the
    /// portal's own. Exported by OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard variable);
    /// otherwise nothing leaves the machine.
    /// </summary>
    public static WebApplicationBuilder AddFspTelemetry(this WebApplicationBuilder builder)
    {
        var version = typeof(PortalTelemetry).Assembly.GetName().Version?.ToString() ?? "0";
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(Name, serviceVersion: version))
            .WithTracing(tracing => tracing
                .AddSource(Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithLogging(_ => { }, logging => { logging.IncludeFormattedMessage = true; logging.IncludeScopes = true; });
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) telemetry.UseOtlpExporter();
        return builder;
    }
}
