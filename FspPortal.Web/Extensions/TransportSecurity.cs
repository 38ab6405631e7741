using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace FspPortal.Web.Extensions;

/// <summary>
/// HTTPS behind a council's proxy. <c>Portal:KnownProxies</c> lists the proxies (addresses, or networks as
/// "10.0.0.0/8") whose X-Forwarded-For and X-Forwarded-Proto are believed; nobody else's are. When the public address
/// is https, outside Development every cookie is Secure, plain http is redirected and HSTS is sent.
/// </summary>
public static class TransportSecurity
{
    public static WebApplicationBuilder AddTransportSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var proxies = (builder.Configuration["Portal:KnownProxies"] ?? "")
            .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the proxies named in settings (the framework would otherwise trust the machine's own loopback).
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                if (proxy.Contains('/')) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
                else options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        if (proxies.Length > 0) services.AddTransient<IStartupFilter, ForwardedHeadersFirst>();

        var https = IsHttpsOutsideDevelopment(builder.Configuration, builder.Environment);
        var secure = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.ConfigureAll<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = secure);
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = secure);
        if (https)
        {
            // "__Host-": the browser keeps such a cookie only if it is Secure, for this host alone and for every path
            // (ASVS 3.3.3). Not in Development, where the portal runs on plain http and the browser would drop it.
            services.PostConfigureAll<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(o => o.Cookie.Name = HostOnly(o.Cookie.Name));
            services.PostConfigure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(o => o.Cookie.Name = HostOnly(o.Cookie.Name ?? ".AspNetCore.Antiforgery"));
        }
        if (https)
        {
            var port = new Uri(builder.Configuration["Portal:PublicBaseUrl"]!).Port;
            services.AddHttpsRedirection(o => o.HttpsPort = port);
            services.AddHsts(o => { o.MaxAge = TimeSpan.FromDays(365); o.IncludeSubDomains = true; });
        }
        return builder;
    }

    private static string? HostOnly(string? name) =>
        name is null || name.StartsWith("__Host-", StringComparison.Ordinal) ? name : "__Host-" + name;

    /// <summary>
    /// True when the portal is published on https (outside Development): then HTTPS is required throughout. An intranet
    /// portal on plain http gets no redirect, which would loop forever.
    /// </summary>
    public static bool IsHttpsOutsideDevelopment(IConfiguration configuration, IHostEnvironment environment) =>
        !environment.IsDevelopment()
        && Uri.TryCreate(configuration["Portal:PublicBaseUrl"], UriKind.Absolute, out var address) && address.Scheme == "https";

    /// <summary>Forwarded headers are applied before anything else reads the scheme or the client's address.</summary>
    private sealed class ForwardedHeadersFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app => { app.UseForwardedHeaders(); next(app); };
    }
}
