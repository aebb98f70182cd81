namespace EmrAuth.Web.Components.Layout;

/// <summary>
/// The reader's light/dark choice, kept in a cookie (wwwroot/theme.js writes it) so that the server renders every page,
/// the static account pages included, in the chosen theme from its first paint. Cosmetic only: never trusted for anything else.
/// </summary>
public static class ThemeCookie
{
    public const string Name = "EmrAuth.Theme";

    /// <summary>The name under which Routes cascades the stored choice to the layout.</summary>
    public const string DarkModeCascade = "StoredDarkMode";

    public static bool IsDark(string? value) => value == "dark";
}
