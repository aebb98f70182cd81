using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace EmrAuth.Tests.Web.Support;

/// <summary>
/// A MudBlazor component test whose components believe they run in an interactive circuit, as they do in the portal
/// (their buttons are disabled while prerendering), with logging for components that inject a logger.
/// </summary>
public abstract class InteractiveMudTest : MudComponentTest
{
    /// <param name="services">More services the components inject; added before the renderer starts.</param>
    protected InteractiveMudTest(Action<IServiceCollection>? services = null)
    {
        Services.AddLogging();
        services?.Invoke(Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>The input or textarea of the MudBlazor field with this data-testid (the id lands on the field or on its input).</summary>
    protected static IElement InputOf<T>(IRenderedComponent<T> cut, string testId) where T : IComponent
    {
        var field = cut.Find($"[data-testid='{testId}']");
        return field.TagName is "INPUT" or "TEXTAREA" ? field : field.QuerySelector("input, textarea")!;
    }

    /// <summary>The text under a field: its error message when it has one, else its helper text.</summary>
    protected static string HelperOf<T>(IRenderedComponent<T> cut, string testId) where T : IComponent =>
        cut.Find($"[data-testid='{testId}']").Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";
}
