using Bunit;
using MudBlazor.Services;

namespace EmrAuth.Tests.Web.Support;

/// <summary>
/// A bunit context with MudBlazor's services and loose JS interop (MudBlazor calls JS for popovers, focus and scroll,
/// which a test has no browser for). Component tests derive from it and render with <c>Render&lt;T&gt;()</c>.
/// </summary>
public abstract class MudComponentTest : BunitContext, IAsyncLifetime
{
    protected MudComponentTest()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 disposes a test class synchronously, but some MudBlazor services (KeyInterceptorService,
    // PointerEventsNoneService) are only IAsyncDisposable: dispose the context asynchronously first.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
