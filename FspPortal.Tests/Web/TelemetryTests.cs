using System.Diagnostics;
using System.Net;
using FspPortal.Tests.Support;
using FspPortal.Web.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FspPortal.Tests.Web;

/// <summary>
/// OpenTelemetry through in-memory exporters on the real app: a sign-in is traced and counted; the error page's
/// reference is a trace id that the error's log line carries. The review found the reference 0 times in the logs.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TelemetryTests
{
    private const string Email = "pat@school.example.org";
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task A_sign_in_is_traced_as_requests_and_the_portals_counters_move()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var portal = TracedPortal(spans, metrics);
        await portal.CreateUserAsync(Email, Password);

        await SignIn.CompleteAsync(portal, portal.CreatePortalClient(), Email, Password);
        await SignIn.PasswordAsync(portal.CreatePortalClient(), Email, "a wrong guess");

        portal.Services.GetRequiredService<TracerProvider>().ForceFlush();
        portal.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var traced = Snapshot(spans);
        Assert.Contains(traced, s => s.Kind == ActivityKind.Server && s.GetTagItem("http.request.method") as string == "POST"
                                     && s.GetTagItem("url.path") as string == "/Account/Login");
        Assert.Contains(traced, s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == "/Account/LoginWithCode");
        Assert.True(Sum(metrics, "fsp.sign_ins", ("outcome", "ok")) >= 1);
        Assert.True(Sum(metrics, "fsp.sign_ins", ("outcome", "wrong")) >= 1);
        Assert.True(Sum(metrics, "fsp.sign_in_codes_sent") >= 1);
        Assert.True(Sum(metrics, "fsp.emails", ("state", "queued")) >= 1);
        Assert.Contains(metrics, m => m.Name == "http.server.request.duration");
    }

    [Fact]
    public async Task The_error_pages_reference_is_the_trace_id_in_the_errors_log_line()
    {
        await using var portal = TracedPortal([], [], environment: "Production");
        var response = await portal.CreatePortalClient().GetAsync("/test-error");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var reference = System.Text.RegularExpressions.Regex.Match(page, "quote this reference: <code>([0-9a-f]{32})</code>").Groups[1].Value;
        Assert.NotEqual("", reference);
        Assert.True(portal.Logs.Any(line => line.StartsWith($"Error reference {reference}: GET /test-error failed.")), string.Join("\n", portal.Logs.Where(l => l.Contains("rror") || l.Contains("xception"))));
        Assert.DoesNotContain("Something broke on purpose", page); // no exception details for the user
    }

    /// <summary>
    /// A copy of the spans so far. The exporter adds each span as it ends, on the thread that ends it, without a lock
    /// (background work such as the outbox dispatcher goes on), so the list is copied, again if a copy was torn.
    /// </summary>
    private static Activity[] Snapshot(List<Activity> live)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return live.ToArray(); }
            catch (ArgumentException) when (attempt < 10) { }
        }
    }

    private static double Sum(List<Metric> metrics, string name, (string Key, string Value)? tag = null)
    {
        double total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var matches = tag is null;
                foreach (var t in point.Tags) if (tag is { } wanted && t.Key == wanted.Key && (string?)t.Value == wanted.Value) matches = true;
                if (matches) total = Math.Max(total, point.GetSumLong()); // cumulative: the latest point is the total
            }
        return total;
    }

    /// <summary>The portal with in-memory exporters, and an address that throws (after its own pipeline, so its error handling applies).</summary>
    private static PortalFactory TracedPortal(List<Activity> spans, List<Metric> metrics, string environment = "Development") =>
        new(environment: environment, services: services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            // Exported only by the test's ForceFlush, on its own thread: a periodic export while the test reads the list
            // would change it under the reader.
            services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics,
                reader => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = int.MaxValue));
            services.AddTransient<IStartupFilter, ThrowsAtTestError>();
        });

    private sealed class ThrowsAtTestError : IStartupFilter
    {
        // After the portal's own pipeline, so its exception handler sees the error.
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path == "/test-error"
                ? throw new InvalidOperationException("Something broke on purpose")
                : Task.CompletedTask);
        };
    }
}
