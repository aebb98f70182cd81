using EmrAuth.Web.Components;
using Microsoft.AspNetCore.HttpOverrides;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

var dataDirectory = Path.GetFullPath(builder.Configuration["Storage:DataDirectory"] ?? "App_Data", builder.Environment.ContentRootPath);
Directory.CreateDirectory(dataDirectory);
builder.Services.AddPortalStorage(dataDirectory, TimeProvider.System,
    builder.Configuration.GetValue("Storage:Provider", StorageProvider.Sqlite), builder.Configuration.GetConnectionString("EmrAuth"),
    PortalStorage.KeyCertificate(builder.Configuration));
builder.Services.AddPortalServices();
builder.Services.Configure<ProtocolSettings>(builder.Configuration.GetSection(ProtocolSettings.Section));
builder.Services.Configure<VisitOptions>(builder.Configuration.GetSection(VisitOptions.Section));
builder.Services.Configure<BreakGlassSettings>(builder.Configuration.GetSection(BreakGlassSettings.Section));

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents()
    .AddHubOptions(options => options.MaximumReceiveMessageSize = WebHardening.MaxCircuitMessageBytes); // secweb
builder.Services.AddMudServices();
builder.Services.AddEmrAuthSecurity();

// secweb (issue 11): hardening, opt-in demo data, first-administrator setup.
builder.AddWebHardening();
builder.Services.Configure<DemoOptions>(builder.Configuration.GetSection(DemoOptions.Section));
builder.Services.Configure<SetupOptions>(builder.Configuration.GetSection(SetupOptions.Section));
builder.Services.Configure<SignUpOptions>(builder.Configuration.GetSection(SignUpOptions.Section));
builder.Services.AddHttpContextAccessor();
// deploy (issue 13): behind nginx (docs/deployment.md) the client's address, which the sign-in limits count, and the
// scheme come from X-Forwarded-For/-Proto; they are believed only from a proxy on loopback (the options' defaults
// 127.0.0.0/8 and ::1), so a client elsewhere cannot choose the address it is counted under.
builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

var app = builder.Build();

app.UseForwardedHeaders(); // deploy: first, so that everything after sees the client's address
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseWebHardening(); // secweb
app.UseEmrAuthSecurity();
app.MapStaticAssets().AllowAnonymous();
app.MapAccountEndpoints();
app.MapSetupEndpoints(); // secweb
app.MapEvidenceEndpoints();
app.MapFhirEndpoints();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode()
    .AllowAnonymousBlazorFramework();

await app.Services.GetRequiredService<PortalInitializer>().InitializeAsync();
app.Logger.LogInformation("EmrAuth portal ready; data folder {DataDirectory}", dataDirectory);
await app.RunAsync();
