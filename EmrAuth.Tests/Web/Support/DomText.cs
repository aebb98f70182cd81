using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace EmrAuth.Tests.Web.Support;

/// <summary>What a reader sees of rendered markup: an element's text with runs of white space collapsed.</summary>
internal static partial class DomText
{
    public static string Text(this IElement element) => Space().Replace(element.TextContent, " ").Trim();

    [GeneratedRegex("\\s+")]
    private static partial Regex Space();
}
