using EmrAuth.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Infrastructure;

/// <summary>
/// The people of one test, each in their own browser context (1280×800 unless a test asks for another size, e.g. a phone's). Every page's script errors, console errors
/// and HTTP responses of 400 or more are noted in <see cref="Problems"/>. Dispose to close the contexts.
/// </summary>
public sealed class BrowserSessions(BrowserFixture browser, Uri baseUrl, float timeoutMs) : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>A page in a fresh context, nobody signed in.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(timeoutMs);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, e) => Note($"page error on {page.Url}: {e}");
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                Note($"console error on {page.Url}: {m.Text} ({m.Location})");
            }
        };
        page.Response += (_, r) =>
        {
            if (r.Status >= 400)
            {
                Note($"{r.Status} {r.Url}");
            }
        };
        return page;
    }

    /// <summary>A page in a fresh context, signed in and on the account's home page, interactive.</summary>
    public async Task<IPage> SignedInPageAsync(string userName, string password, string home, ViewportSize? viewport = null)
    {
        var page = await NewPageAsync(viewport);
        var login = new LoginPage(page, baseUrl);
        await login.OpenAsync();
        await login.SignInAsync(userName, password);
        await Expect(page).ToHaveURLAsync(new Uri(baseUrl, home).ToString());
        await MudUi.WaitInteractiveAsync(page);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }

    private void Note(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
