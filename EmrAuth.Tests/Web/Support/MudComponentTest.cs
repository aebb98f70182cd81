using Bunit;
using MudBlazor.Services;

namespace EmrAuth.Tests.Web.Support;

/// <summary>
/// A bunit context with MudBlazor's services and loose JS interop (MudBlazor calls JS for popovers, focus and scroll,
/// which a test has no browser for). Component tests derive from it and render with <c>Render&lt;T&gt;()</c>.
/// </summary>
public abstract class MudComponentTest : BunitContext, IDisposable
{
    // Some MudBlazor services are only IAsyncDisposable, and xunit 2 disposes a test class synchronously.
    void IDisposable.Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    protected MudComponentTest()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }
}
