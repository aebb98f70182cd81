using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Accounts;

/// <summary>An account could not be created because <see cref="Field"/> is not acceptable.</summary>
public sealed class AccountValidationException(string field, string message) : Exception(message)
{
    /// <summary>The offending input: userName, password, role, partyId or displayName.</summary>
    public string Field { get; } = field;
}

/// <summary>
/// Creates accounts and checks passwords. Passwords are hashed with ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, 100 000 iterations, random salt, versioned format).
/// </summary>
public sealed partial class AccountService(IPasswordHasher<Account> hasher, TimeProvider time)
{
    public const int MinPasswordLength = 10;

    /// <summary>Caps the hashing work one request can cause.</summary>
    public const int MaxPasswordLength = 256;

    public const int MaxDisplayNameLength = 100;
    public const int MaxPartyIdLength = 40;

    private static readonly Account DummyAccount = new()
    {
        UserName = "dummy", PasswordHash = "", Role = Roles.Patient, DisplayName = "dummy",
    };

    // A real hash of a random password, so an unknown user name costs one full verification like a known one.
    private readonly Lazy<string> _dummyHash = new(() =>
        hasher.HashPassword(DummyAccount, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    /// <summary>Lower-cases and trims a user name the way accounts are stored.</summary>
    public static string NormalizeUserName(string? userName) => (userName ?? "").Trim().ToLowerInvariant();

    /// <summary>True when <paramref name="normalized"/> is 3–64 characters of a–z, 0–9, '.', '_' and '-'.</summary>
    public static bool IsValidUserName(string normalized) => UserNamePattern().IsMatch(normalized);

    /// <summary>What is wrong with a user name as typed, or null when it is acceptable (sign-up checks it as you type).</summary>
    public static string? UserNameProblem(string? userName) => IsValidUserName(NormalizeUserName(userName))
        ? null
        : "A user name has 3 to 64 characters: lower-case letters, digits, '.', '_' or '-'.";

    /// <summary>What is wrong with a new password, or null when it is acceptable.</summary>
    public static string? PasswordProblem(string? password) => password switch
    {
        null or { Length: < MinPasswordLength } => $"A password has at least {MinPasswordLength} characters.",
        { Length: > MaxPasswordLength } => $"A password has at most {MaxPasswordLength} characters.",
        _ => null,
    };

    /// <summary>Creates and saves an account. Throws <see cref="AccountValidationException"/> for unacceptable input.</summary>
    public async Task<Account> CreateAsync(
        EmrAuthDbContext db, string userName, string password, string role, string? partyId, string displayName,
        CancellationToken cancellationToken = default)
    {
        var name = NormalizeUserName(userName);
        if (UserNameProblem(name) is { } userNameProblem)
        {
            throw new AccountValidationException(nameof(userName), userNameProblem);
        }

        if (PasswordProblem(password) is { } passwordProblem)
        {
            throw new AccountValidationException(nameof(password), passwordProblem);
        }

        if (!Roles.All.Contains(role))
        {
            throw new AccountValidationException(nameof(role), $"The role must be one of {string.Join(", ", Roles.All)}.");
        }

        partyId = string.IsNullOrWhiteSpace(partyId) ? null : partyId.Trim();
        if (partyId is { Length: > MaxPartyIdLength })
        {
            throw new AccountValidationException(nameof(partyId), $"A party id has at most {MaxPartyIdLength} characters.");
        }

        displayName = (displayName ?? "").Trim();
        if (displayName.Length is 0 or > MaxDisplayNameLength)
        {
            throw new AccountValidationException(nameof(displayName), $"A display name has 1 to {MaxDisplayNameLength} characters.");
        }

        if (await db.Accounts.AnyAsync(a => a.UserName == name, cancellationToken))
        {
            throw new AccountValidationException(nameof(userName), "That user name is already taken.");
        }

        var account = new Account
        {
            UserName = name,
            PasswordHash = "",
            Role = role,
            PartyId = partyId,
            DisplayName = displayName,
            CreatedAt = time.GetUtcNow(),
        };
        account.PasswordHash = hasher.HashPassword(account, password);
        db.Accounts.Add(account);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.Entry(account).State = EntityState.Detached;
            if (await db.Accounts.AsNoTracking().AnyAsync(a => a.UserName == name, cancellationToken))
            {
                // Lost a race with another request creating the same user name (the unique index refused ours).
                throw new AccountValidationException(nameof(userName), "That user name is already taken.");
            }

            throw;
        }

        return account;
    }

    /// <summary>
    /// The signed-in principal when <paramref name="password"/> is the account's password, else null. The same
    /// hashing work is done whether or not the user exists, and every failure looks the same to the caller.
    /// </summary>
    public async Task<ClaimsPrincipal?> VerifyAsync(
        EmrAuthDbContext db, string userName, string password, CancellationToken cancellationToken = default)
    {
        var name = NormalizeUserName(userName);
        password ??= "";
        var candidate = password.Length <= MaxPasswordLength ? password : password[..MaxPasswordLength];

        var account = IsValidUserName(name)
            ? await db.Accounts.SingleOrDefaultAsync(a => a.UserName == name, cancellationToken)
            : null;

        if (account is null)
        {
            hasher.VerifyHashedPassword(DummyAccount, _dummyHash.Value, candidate);
            return null;
        }

        var result = hasher.VerifyHashedPassword(account, account.PasswordHash, candidate);
        // A disabled account fails like a wrong password (after the same work), so a guesser learns nothing from it.
        if (result == PasswordVerificationResult.Failed || password.Length > MaxPasswordLength || account.DisabledAt is not null)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = hasher.HashPassword(account, password);
            await db.SaveChangesAsync(cancellationToken);
        }

        return CreatePrincipal(account);
    }

    /// <summary>The account's <see cref="Account.SecurityStamp"/> when the session began.</summary>
    public const string SecurityStampClaim = "emrauth:stamp";

    /// <summary>The claims of a signed-in account, for the cookie authentication scheme.</summary>
    public static ClaimsPrincipal CreatePrincipal(Account account)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, account.UserName),
            new(ClaimTypes.Role, account.Role),
            new(ClaimTypes.GivenName, account.DisplayName),
            new(SecurityStampClaim, account.SecurityStamp),
        };
        if (!string.IsNullOrEmpty(account.PartyId))
        {
            claims.Add(new Claim(Roles.PartyClaim, account.PartyId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(
            claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    [GeneratedRegex(@"\A[a-z0-9._-]{3,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();
}
