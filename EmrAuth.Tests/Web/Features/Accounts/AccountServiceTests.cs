using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EmrAuth.Tests.Web.Features.Accounts;

/// <summary>Account creation rules, password checks and the claims of a signed-in account, over an in-memory SQLite database.</summary>
public sealed class AccountServiceTests : IDisposable
{
    private const string Password = "correct-horse-battery";

    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly CountingHasher _hasher = new();
    private readonly AccountService _accounts;

    public AccountServiceTests()
    {
        _connection.Open();
        using var db = NewContext();
        db.Database.Migrate();
        _accounts = new AccountService(_hasher, TimeProvider.System);
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public async Task Created_account_is_normalized_and_its_password_hashed()
    {
        await using var db = NewContext();
        var account = await _accounts.CreateAsync(db, "  Dr.Chen ", Password, Roles.Doctor, "dr-chen", " Dr. Mei Chen ");

        Assert.Equal("dr.chen", account.UserName);
        Assert.Equal("Dr. Mei Chen", account.DisplayName);
        Assert.DoesNotContain(Password, account.PasswordHash);
        Assert.Equal(0x01, Convert.FromBase64String(account.PasswordHash)[0]); // Identity V3 format: PBKDF2 with a salt
        Assert.NotEqual(account.PasswordHash, (await _accounts.CreateAsync(db, "dr.chen2", Password, Roles.Doctor, null, "Twin")).PasswordHash);
    }

    [Theory]
    [InlineData("ab", Password, Roles.Patient, "Name", "userName")]
    [InlineData("has space", Password, Roles.Patient, "Name", "userName")]
    [InlineData("émile", Password, Roles.Patient, "Name", "userName")]
    [InlineData("alice", "too-short", Roles.Patient, "Name", "password")]
    [InlineData("alice", Password, "Nurse", "Name", "role")]
    [InlineData("alice", Password, Roles.Patient, "  ", "displayName")]
    public async Task Unacceptable_input_names_the_field(string userName, string password, string role, string displayName, string field)
    {
        await using var db = NewContext();
        var error = await Assert.ThrowsAsync<AccountValidationException>(
            () => _accounts.CreateAsync(db, userName, password, role, null, displayName));
        Assert.Equal(field, error.Field);
        Assert.Empty(db.Accounts);
    }

    [Fact]
    public async Task A_user_name_is_taken_once_whatever_its_case()
    {
        await using var db = NewContext();
        await _accounts.CreateAsync(db, "alice", Password, Roles.Patient, "alice", "Alice");
        var error = await Assert.ThrowsAsync<AccountValidationException>(
            () => _accounts.CreateAsync(db, "ALICE", Password, Roles.Patient, "alice-2", "Alice again"));
        Assert.Equal("userName", error.Field);
    }

    [Fact]
    public async Task The_right_password_gives_the_account_claims()
    {
        await using var db = NewContext();
        var account = await _accounts.CreateAsync(db, "admin.north", Password, Roles.HospitalAdmin, "north-general", "North admin");

        var user = await _accounts.VerifyAsync(db, "Admin.North", Password);

        Assert.NotNull(user);
        Assert.True(user.Identity!.IsAuthenticated);
        Assert.Equal(account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), user.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal("admin.north", user.Identity.Name);
        Assert.True(user.IsInRole(Roles.HospitalAdmin));
        Assert.Equal("North admin", user.FindFirstValue(ClaimTypes.GivenName));
        Assert.Equal("north-general", user.FindFirstValue(Roles.PartyClaim));
        Assert.Equal(new SignedInUser(account.Id, "admin.north", Roles.HospitalAdmin, "north-general", "North admin"), user.ToSignedInUser());
        Assert.Equal("/hospital", RoleHome.For(user));
    }

    [Fact]
    public async Task Every_failure_is_null_and_costs_one_hash_whether_or_not_the_account_exists()
    {
        await using var db = NewContext();
        await _accounts.CreateAsync(db, "alice", Password, Roles.Patient, "alice", "Alice");

        foreach (var (userName, password) in new[]
        {
            ("alice", "wrong-password-1"),
            ("bob", "wrong-password-1"),
            ("", ""),
            ("not a user name", Password),
            ("alice", Password + new string('x', 300)),
        })
        {
            _hasher.Verifications = 0;
            Assert.Null(await _accounts.VerifyAsync(db, userName, password));
            Assert.Equal(1, _hasher.Verifications);
        }
    }

    [Fact]
    public async Task An_old_format_hash_is_upgraded_on_sign_in()
    {
        await using var db = NewContext();
        var account = await _accounts.CreateAsync(db, "carol", Password, Roles.Patient, "carol", "Carol");
        var v2 = new PasswordHasher<Account>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }));
        account.PasswordHash = v2.HashPassword(account, Password);
        await db.SaveChangesAsync();

        Assert.NotNull(await _accounts.VerifyAsync(db, "carol", Password));

        await using var fresh = NewContext();
        var stored = await fresh.Accounts.SingleAsync(a => a.UserName == "carol");
        Assert.Equal(0x01, Convert.FromBase64String(stored.PasswordHash)[0]);
    }

    [Theory]
    [InlineData("/cloud/certificates", true)]
    [InlineData("/", true)]
    [InlineData("~/doctor", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("/x\r\nSet-Cookie: a=b", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_local_return_urls_are_followed(string? url, bool local) => Assert.Equal(local, RoleHome.IsLocalUrl(url));

    [Fact]
    public void After_sign_in_the_return_url_wins_unless_it_is_the_root_an_account_page_or_foreign()
    {
        var doctor = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Doctor)], "test"));
        Assert.Equal("/doctor/register", RoleHome.AfterSignIn(doctor, "/doctor/register"));
        Assert.Equal("/doctor", RoleHome.AfterSignIn(doctor, "/"));
        Assert.Equal("/doctor", RoleHome.AfterSignIn(doctor, "/account/logout"));
        Assert.Equal("/doctor", RoleHome.AfterSignIn(doctor, "//evil.example"));
        Assert.Equal("/doctor", RoleHome.AfterSignIn(doctor, null));
    }

    private EmrAuthDbContext NewContext() =>
        new(new DbContextOptionsBuilder<EmrAuthDbContext>().UseSqlite(_connection).Options);

    private sealed class CountingHasher : IPasswordHasher<Account>
    {
        private readonly PasswordHasher<Account> _inner = new();

        public int Verifications { get; set; }

        public string HashPassword(Account user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(Account user, string hashedPassword, string providedPassword)
        {
            Verifications++;
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
