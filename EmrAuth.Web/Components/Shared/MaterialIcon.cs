using System.Collections.Frozen;
using System.Reflection;
using MudBlazor;

namespace EmrAuth.Web.Components.Shared;

/// <summary>
/// Turns an icon parameter into MudBlazor's SVG. Shared widgets accept either MudBlazor's icon (<c>Icons.Material.Filled.X</c>)
/// or a Material icon name as the Radzen pages passed it ("gpp_bad"), so pages converted at different times keep their icons.
/// </summary>
public static class MaterialIcon
{
    private static readonly Lazy<FrozenDictionary<string, string>> ByName = new(() => typeof(Icons.Material.Filled)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        // Names that differ only in case (AddChart, Addchart) draw the same icon: keep one.
        .DistinctBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
        .ToFrozenDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!, StringComparer.OrdinalIgnoreCase));

    /// <summary>The SVG of <paramref name="icon"/>; an unknown name falls back to the "info" icon.</summary>
    public static string Svg(string icon) =>
        icon.TrimStart().StartsWith('<') ? icon
        : ByName.Value.GetValueOrDefault(icon.Replace("_", "", StringComparison.Ordinal), Icons.Material.Filled.Info);
}
