using System.Net;
using System.Text.RegularExpressions;

namespace EmrAuth.E2E.Integration;

/// <summary>
/// A plain HTTP client of the running portal, like a browser without JavaScript: it keeps cookies, does not follow
/// redirects (so each 302 can be checked), reads the anti-forgery token from a page's hidden input and posts forms.
/// </summary>
internal sealed partial class PortalClient : IDisposable
{
    public const string DemoPassword = "emrauth-demo-2026";
    public const string SessionCookie = "EmrAuth.Session";
    public const string AntiforgeryCookie = "EmrAuth.Antiforgery";
    public const string TokenField = "__RequestVerificationToken";
    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";
    public const string DeniedPath = "/account/denied";

    /// <summary>The one message every failed sign-in shows, whatever was wrong.</summary>
    public const string GenericFailure = "The user name or password is incorrect.";

    public const string ExpiredForm = "The sign-in form had expired. Please try again.";
    public const string NoAccessHeading = "You don't have access to this page";

    private readonly HttpClientHandler _handler;

    public PortalClient(Uri baseUrl)
    {
        BaseUrl = baseUrl;
        _handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = Cookies,
        };
        Http = new HttpClient(_handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUrl { get; }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    /// <summary>True while the client holds a non-empty session cookie.</summary>
    public bool HasSession => Cookies.GetCookies(BaseUrl).Any(c => c.Name == SessionCookie && !c.Expired && c.Value.Length > 0);

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path);

    /// <summary>The body of <paramref name="response"/> with HTML entities decoded, for text checks.</summary>
    public static async Task<string> TextOfAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>GETs <paramref name="path"/> (200 expected) and returns the first anti-forgery token on it.</summary>
    public async Task<string> GetTokenAsync(string path = LoginPath)
    {
        using var response = await Http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}.");
        return FindToken(html) ?? throw new Xunit.Sdk.XunitException($"GET {path} has no {TokenField} input.");
    }

    /// <summary>The value of the first hidden __RequestVerificationToken input of <paramref name="html"/>, or null.</summary>
    public static string? FindToken(string html)
    {
        foreach (Match input in InputTag().Matches(html))
        {
            var tag = input.Value;
            if (AttributeOf(tag, "name") == TokenField && AttributeOf(tag, "value") is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await Http.PostAsync(path, content);
    }

    /// <summary>
    /// Posts the sign-in form as the browser would: GETs the login page for a token first, unless
    /// <paramref name="token"/> says otherwise ("" sends no token field; a value sends that value).
    /// </summary>
    public async Task<HttpResponseMessage> SubmitLoginAsync(
        string userName, string password, string? token = null, string? returnUrl = null)
    {
        token ??= await GetTokenAsync();
        var fields = new List<KeyValuePair<string, string>>();
        if (token.Length > 0)
        {
            fields.Add(new(TokenField, token));
        }

        if (returnUrl is not null)
        {
            fields.Add(new("returnUrl", returnUrl));
        }

        fields.Add(new("userName", userName));
        fields.Add(new("password", password));
        return await PostFormAsync(LoginPath, fields);
    }

    /// <summary>Signs in with the demo password and checks that it worked.</summary>
    public async Task SignInAsync(string userName)
    {
        using var response = await SubmitLoginAsync(userName, DemoPassword);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"Signing in as {userName} answered {(int)response.StatusCode}, not 302.");
        Assert.True(HasSession, $"Signing in as {userName} set no {SessionCookie} cookie.");
        Assert.NotEqual(LoginPath, LocationOf(response).AbsolutePath);
    }

    /// <summary>The Location of a redirect, made absolute against the portal's address.</summary>
    public Uri LocationOf(HttpResponseMessage response)
    {
        var location = response.Headers.Location
            ?? throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} response has no Location header.");
        return location.IsAbsoluteUri ? location : new Uri(BaseUrl, location);
    }

    /// <summary>The Set-Cookie headers of <paramref name="response"/> that set <paramref name="name"/>.</summary>
    public static IReadOnlyList<string> SetCookies(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Where(v => v.StartsWith(name + "=", StringComparison.Ordinal)).ToList()
            : [];

    /// <summary>The decoded value of query parameter <paramref name="name"/> of <paramref name="uri"/>, or null.</summary>
    public static string? QueryValue(Uri uri, string name)
    {
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (Uri.UnescapeDataString(parts[0]) == name)
            {
                return parts.Length == 2 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : "";
            }
        }

        return null;
    }

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    private static string? AttributeOf(string tag, string attribute)
    {
        var match = Regex.Match(tag, $@"\s{attribute}\s*=\s*""([^""]*)""", RegexOptions.IgnoreCase);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex(@"<input\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();
}
