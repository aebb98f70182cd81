using EmrAuth.Web.Components;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

var dataDirectory = Path.GetFullPath(builder.Configuration["Storage:DataDirectory"] ?? "App_Data", builder.Environment.ContentRootPath);
Directory.CreateDirectory(dataDirectory);
builder.Services.AddPortalStorage(dataDirectory, TimeProvider.System);
builder.Services.AddPortalServices();

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddEmrAuthSecurity();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseEmrAuthSecurity();
app.MapStaticAssets().AllowAnonymous();
app.MapAccountEndpoints();
app.MapEvidenceEndpoints();
app.MapFhirEndpoints();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode()
    .AllowAnonymousBlazorFramework();

await app.Services.GetRequiredService<PortalInitializer>().InitializeAsync();
app.Logger.LogInformation("EmrAuth portal ready; data folder {DataDirectory}", dataDirectory);
await app.RunAsync();
