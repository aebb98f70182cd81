using Microsoft.Playwright;

namespace EmrAuth.E2E.Infrastructure;

/// <summary>Full-page screenshots for the README and docs/portal.md, saved under artifacts/screenshots/.</summary>
public static class Screenshots
{
    /// <param name="hideToasts">Leaves out notifications still showing from an earlier step (e.g. "New visit request").</param>
    public static async Task SaveAsync(IPage page, string name, bool hideToasts = false)
    {
        var path = Path.Combine(RepoPaths.Artifacts, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // From the top (the header is sticky: a scrolled page would show it mid-picture), with the web fonts loaded.
        await page.EvaluateAsync("async () => { window.scrollTo(0, 0); await document.fonts.ready; }");
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = path,
            FullPage = true,
            Animations = ScreenshotAnimations.Disabled,
            Style = hideToasts ? "#mud-snackbar-container { display: none !important; }" : null,
        });
    }
}
