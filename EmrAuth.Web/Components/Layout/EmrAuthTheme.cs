using MudBlazor;

namespace EmrAuth.Web.Components.Layout;

/// <summary>The portal's Material theme: a clinical teal primary, light and dark palettes, the system font stack.</summary>
public static class EmrAuthTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#00695c",
            Secondary = "#5e35b1",
            AppbarBackground = "#00695c",
            AppbarText = "#ffffff",
            Background = "#f5f7f8",
            DrawerBackground = "#ffffff",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#4db6ac",
            Secondary = "#b39ddb",
            AppbarBackground = "#1e2a2e",
            AppbarText = "#e0f2f1",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
    };
}
