using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace EmrAuth.Tests.Web.Support;

/// <summary>Reads what MudBlazor shows under a form field, found by the data-testid of its input.</summary>
internal static class MudFields
{
    /// <summary>The validation (or server) message under the field, or null when the field shows none.</summary>
    public static string? ErrorUnder<T>(this IRenderedComponent<T> cut, string testId)
        where T : IComponent =>
        cut.Find($"[data-testid='{testId}']").Closest(".mud-input-control")
            ?.QuerySelector(".mud-input-helper-text.mud-input-error .me-auto")?.TextContent.Trim();
}
