using EmrAuth.Web.Components;
using Microsoft.AspNetCore.DataProtection;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

// Everything the portal keeps lives in one data folder: the SQLite database and the Data Protection keys that
// seal private scalars, B_P, record text and transcripts. Losing the keys makes the sealed data unreadable.
var dataDirectory = Path.GetFullPath(builder.Configuration["Storage:DataDirectory"] ?? "App_Data", builder.Environment.ContentRootPath);
Directory.CreateDirectory(dataDirectory);
builder.Services.AddDbContextFactory<EmrAuthDbContext>((services, options) =>
    DatabaseOptions.Configure(options, $"Data Source={Path.Combine(dataDirectory, "emrauth.db")}", services.GetRequiredService<AuditChainWriter>()));
builder.Services.AddDataProtection()
    .SetApplicationName("EmrAuth")
    .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<SecretSealer>();
builder.Services.AddSingleton<AuditLog>();
builder.Services.AddSingleton(services => new AuditAnchor(services.GetRequiredService<IDataProtectionProvider>(), Path.Combine(dataDirectory, "audit-head")));
builder.Services.AddSingleton<AuditChainWriter>();
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
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode()
    .AllowAnonymousBlazorFramework();

await app.Services.GetRequiredService<PortalInitializer>().InitializeAsync();
app.Logger.LogInformation("EmrAuth portal ready; data folder {DataDirectory}", dataDirectory);
await app.RunAsync();
