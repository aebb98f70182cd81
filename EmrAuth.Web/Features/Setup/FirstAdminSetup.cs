using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Setup;

/// <summary>
/// How a deployment without demo data gets its first cloud administrator (configuration section Setup). Token: the
/// one-time setup token to accept; when empty, a random one is made at start and printed to the console.
/// </summary>
public sealed class SetupOptions
{
    public const string Section = "Setup";

    /// <summary>A pre-shared token (at least <see cref="FirstAdminSetup.MinTokenLength"/> characters), e.g. from a secret store.</summary>
    public string? Token { get; set; }
}

/// <summary>
/// The first cloud administrator of a deployment started without demo data. While no cloud administrator exists, a
/// one-time setup token is open: whoever presents it at /setup (compared in constant time) creates the administrator
/// with a password of their own, and the token is gone. The token is never written through a logger (log sinks
/// persist); it goes to the process's standard output only. A restart before setup prints a new one.
/// </summary>
public sealed class FirstAdminSetup(IDbContextFactory<EmrAuthDbContext> dbFactory, AccountService accounts, AuditLog audit,
    Microsoft.Extensions.Options.IOptions<SetupOptions> options)
{
    public const string Path = "/setup";
    public const int MinTokenLength = 32;
    public const string ConsolePrefix = "EmrAuth setup token: ";

    /// <summary>The first administrator guards everything: a longer password than other accounts need.</summary>
    public const int MinAdministratorPasswordLength = 14;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _token;

    /// <summary>True while a token is open (no cloud administrator yet).</summary>
    public bool IsOpen => Volatile.Read(ref _token) is not null;

    /// <summary>At start, when no cloud administrator exists: opens the token (the configured one, or a new one printed to stdout).</summary>
    public async Task OpenIfNoAdministratorAsync(TextWriter console)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.Accounts.AnyAsync(a => a.Role == Roles.CloudAdmin))
        {
            return;
        }
        if (options.Value.Token is { Length: > 0 } configured)
        {
            if (configured.Length < MinTokenLength)
            {
                throw new InvalidOperationException($"Setup:Token must have at least {MinTokenLength} characters.");
            }
            _token = Encoding.UTF8.GetBytes(configured);
            console.WriteLine($"EmrAuth: no cloud administrator yet; open {Path} with the configured setup token.");
            return;
        }
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _token = Encoding.UTF8.GetBytes(token);
        console.WriteLine($"EmrAuth: no cloud administrator yet; open {Path} and enter the one-time token below.");
        console.WriteLine(ConsolePrefix + token);
    }

    /// <summary>
    /// Creates the first cloud administrator when <paramref name="token"/> is the open token; the token closes at once.
    /// Returns null on success, else what to tell the person (a wrong or used token gets one message).
    /// </summary>
    public async Task<SetupProblem?> CreateAdministratorAsync(string? token, string userName, string password, string displayName)
    {
        await _gate.WaitAsync();
        try
        {
            var open = _token;
            var given = Encoding.UTF8.GetBytes(token ?? "");
            if (open is null || !CryptographicOperations.FixedTimeEquals(open, given))
            {
                return new SetupProblem("token", "The setup token is not valid (it is used once, and only while no administrator exists).");
            }
            if ((password ?? "").Length < MinAdministratorPasswordLength)
            {
                return new SetupProblem("password", $"The administrator's password has at least {MinAdministratorPasswordLength} characters.");
            }
            await using var db = await dbFactory.CreateDbContextAsync();
            try
            {
                await accounts.CreateAsync(db, userName, password!, Roles.CloudAdmin, null, string.IsNullOrWhiteSpace(displayName) ? "Cloud Administrator" : displayName);
            }
            catch (AccountValidationException e)
            {
                return new SetupProblem(e.Field, e.Message);
            }
            _token = null;
            audit.Add(db, SystemAuditActor, "Setup", AccountService.NormalizeUserName(userName), "first cloud administrator created with the setup token");
            await db.SaveChangesAsync();
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private const string SystemAuditActor = "setup";
}

/// <summary>What was wrong with a setup form: the field and the message.</summary>
public sealed record SetupProblem(string Field, string Message);
