using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace FspPortal.Web.Extensions;

public static class SettingsExtensions
{
    /// <summary>
    /// The customer keeps <c>appsettings.json</c> at the repository root; the build copies it beside the app.
    /// Read it (and <c>appsettings.{Environment}.json</c> beside it, if any) from there, in the place of the
    /// content-root files, so environment variables and the command line still override it.
    /// </summary>
    public static void UseRootSettings(this WebApplicationBuilder builder)
    {
        var sources = builder.Configuration.Sources;
        var contentRootJson = sources.OfType<JsonConfigurationSource>()
            .Where(s => s.Path is "appsettings.json" || s.Path == $"appsettings.{builder.Environment.EnvironmentName}.json")
            .ToList();
        var at = contentRootJson.Count > 0 ? sources.IndexOf(contentRootJson[0]) : 0;
        foreach (var source in contentRootJson) sources.Remove(source);

        var appFolder = new PhysicalFileProvider(AppContext.BaseDirectory);
        sources.Insert(at, new JsonConfigurationSource { FileProvider = appFolder, Path = "appsettings.json", Optional = false, ReloadOnChange = false });
        sources.Insert(at + 1, new JsonConfigurationSource
        {
            FileProvider = appFolder, Path = $"appsettings.{builder.Environment.EnvironmentName}.json", Optional = true, ReloadOnChange = false,
        });
    }
}
