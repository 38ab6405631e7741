using MudBlazor;

namespace FspPortal.Web.Components.Layout;

/// <summary>Colours chosen for WCAG 2.2 AA contrast (text on primary is 4.5:1 or better).</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d4f91",
            Secondary = "#00703c",
            Error = "#b3261e",
            Success = "#00703c",
            Info = "#1d4f91",
            Warning = "#8a4b00",
            AppbarBackground = "#1d4f91",
            TextSecondary = "rgba(0,0,0,0.70)",
            ActionDefault = "rgba(0,0,0,0.70)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Arial", "Helvetica", "sans-serif"] },
        },
    };
}
