using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Extensions;

namespace EmrAuth.Tests.Web.Components.Layout;

public sealed class MainLayoutTests : MudComponentTest
{
    public MainLayoutTests()
    {
        AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "the page"))));

    private static bool IsDark(IRenderedComponent<MainLayout> cut) => cut.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode);

    [Fact]
    public void The_theme_switch_toggles_dark_mode_and_remembers_the_choice()
    {
        var cut = RenderLayout();
        Assert.False(IsDark(cut));

        cut.Find("[data-testid='theme-switch']").Click();

        Assert.True(IsDark(cut));
        Assert.Equal("true", cut.Find("[data-testid='theme-switch']").GetAttribute("aria-pressed"));
        Assert.Equal(true, JSInterop.VerifyInvoke("emrTheme.save").Arguments[0]);

        cut.Find("[data-testid='theme-switch']").Click();

        Assert.False(IsDark(cut));
        Assert.Equal(false, JSInterop.VerifyInvoke("emrTheme.save", calledTimes: 2)[1].Arguments[0]);
    }

    [Fact]
    public void A_stored_dark_choice_renders_the_first_paint_dark()
    {
        var cut = Render<CascadingValue<bool>>(p => p
            .Add(c => c.Name, ThemeCookie.DarkModeCascade)
            .Add(c => c.Value, true)
            .Add(c => c.ChildContent, (RenderFragment)(b =>
            {
                b.OpenComponent<MainLayout>(0);
                b.AddComponentParameter(1, nameof(MainLayout.Body), (RenderFragment)(c => c.AddContent(0, "the page")));
                b.CloseComponent();
            })));

        Assert.True(cut.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode));
        Assert.True(ThemeCookie.IsDark("dark"));
        Assert.False(ThemeCookie.IsDark("light"));
    }
}
