using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;
using Radzen;

namespace EmrAuth.Tests.Web.Support;

/// <summary>Renders a component to HTML with .NET's <see cref="HtmlRenderer"/>, and reads the markup back.</summary>
internal static partial class ComponentHtml
{
    public static async Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRadzenComponents();
        services.AddScoped<IJSRuntime, PrerenderingJSRuntime>();
        await using var provider = services.BuildServiceProvider();
        await using var renderer = new HtmlRenderer(provider, provider.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    /// <summary>The start tags carrying data-testid="<paramref name="testId"/>", decoded.</summary>
    public static List<string> StartTags(string html, string testId) =>
        [.. StartTag().Matches(html).Select(m => WebUtility.HtmlDecode(m.Value)).Where(tag => tag.Contains($"data-testid=\"{testId}\"", StringComparison.Ordinal))];

    /// <summary>The (decoded) value of an attribute in a start tag.</summary>
    public static string? Attribute(string startTag, string name)
    {
        var match = Regex.Match(startTag, $"\\s{Regex.Escape(name)}=\"([^\"]*)\"");
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The text a reader sees: markup removed, entities decoded, runs of white space collapsed.</summary>
    public static string Text(string html) => Space().Replace(WebUtility.HtmlDecode(Tag().Replace(html, " ")), " ").Trim();

    /// <summary>The first element with data-testid="<paramref name="testId"/>", from its start tag to its matching end tag.</summary>
    public static string Element(string html, string testId) => Element(html, testId, _ => true);

    /// <summary>The element with data-testid="<paramref name="testId"/>" and data-sequence="<paramref name="sequence"/>".</summary>
    public static string Element(string html, string testId, long sequence) =>
        Element(html, testId, tag => Attribute(tag, "data-sequence") == sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string Element(string html, string testId, Func<string, bool> startTag)
    {
        var open = StartTag().Matches(html).FirstOrDefault(m =>
            m.Value.Contains($"data-testid=\"{testId}\"", StringComparison.Ordinal) && startTag(WebUtility.HtmlDecode(m.Value)));
        Assert.True(open is not null, $"no element with data-testid=\"{testId}\" that matches");
        var start = open.Index;
        var name = Regex.Match(open.Value, "^<([a-zA-Z0-9]+)").Groups[1].Value;
        var depth = 0;
        foreach (Match tag in Regex.Matches(html[start..], $"<(/?){name}(?=[\\s>/])[^>]*>"))
        {
            depth += tag.Groups[1].Value == "/" ? -1 : tag.Value.EndsWith("/>", StringComparison.Ordinal) ? 0 : 1;
            if (depth == 0)
            {
                return html[start..(start + tag.Index + tag.Length)];
            }
        }
        throw new InvalidOperationException($"<{name}> is not closed");
    }

    [GeneratedRegex("<[a-zA-Z][^>]*>")]
    private static partial Regex StartTag();

    [GeneratedRegex("\\s+")]
    private static partial Regex Space();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}

/// <summary>
/// What a component gets while it is prerendered on the server: a JS runtime that refuses every call. Radzen components
/// inject one but do not call it while rendering, so a render that needs JavaScript fails here as it would in prerendering.
/// </summary>
internal sealed class PrerenderingJSRuntime : IJSRuntime
{
    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
        throw new InvalidOperationException($"JavaScript ({identifier}) is not available while prerendering.");

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
        throw new InvalidOperationException($"JavaScript ({identifier}) is not available while prerendering.");
}
