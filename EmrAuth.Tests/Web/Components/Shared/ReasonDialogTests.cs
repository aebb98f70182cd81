using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace EmrAuth.Tests.Web.Components.Shared;

/// <summary>The reason dialog through IDialogService, as the refuse, revoke and decline actions open it.</summary>
public sealed class ReasonDialogTests : MudComponentTest
{
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;
    private Task<string?> _asked = Task.FromResult<string?>(null);

    public ReasonDialogTests() => _dialogs = Render<MudDialogProvider>();

    [Fact]
    public async Task Cancel_closes_the_dialog_with_no_reason()
    {
        await AskAsync();

        _dialogs.Find("[data-testid='reason-cancel']").Click();

        Assert.Null(await _asked.WaitAsync(TimeSpan.FromSeconds(5)));
        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll("[data-testid='reason-dialog']")));
    }

    [Fact]
    public async Task Confirm_with_an_empty_reason_shows_the_fields_message_and_stays_open()
    {
        await AskAsync();

        _dialogs.Find("[data-testid='reason-confirm']").Click();

        _dialogs.WaitForAssertion(() => Assert.Contains("A reason is required.", _dialogs.Find("[data-testid='reason-dialog']").TextContent));
        Assert.False(_asked.IsCompleted);
        Assert.Single(_dialogs.FindAll("[data-testid='reason-dialog']"));
    }

    [Fact]
    public async Task Confirm_with_a_reason_returns_it_trimmed()
    {
        await AskAsync();

        _dialogs.Find("textarea").Input("  licence withdrawn by the board ");
        _dialogs.Find("[data-testid='reason-confirm']").Click();

        Assert.Equal("licence withdrawn by the board", await _asked.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task The_dialog_shows_its_title_prompt_and_confirm_text()
    {
        await AskAsync();

        var dialog = _dialogs.Find(".mud-dialog").TextContent;
        Assert.Contains("Revoke Cert_D CD-1?", dialog);
        Assert.Contains("Dr Mei Chen will fail every later Cert_D check.", dialog);
        Assert.Equal("Revoke certificate", _dialogs.Find("[data-testid='reason-confirm']").TextContent.Trim());
    }

    private async Task AskAsync()
    {
        var dialogs = Services.GetRequiredService<IDialogService>();
        // Started, not awaited: the task completes only when the dialog closes.
        await _dialogs.InvokeAsync(() =>
        {
            _asked = ReasonDialog.AskAsync(dialogs, "Revoke Cert_D CD-1?", "Dr Mei Chen will fail every later Cert_D check.", "Revoke certificate");
        });
        _dialogs.WaitForAssertion(() => _dialogs.Find("[data-testid='reason-dialog']"));
    }
}
