using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EmrAuth.Web.Features.Accounts;

/// <summary>Sign-up limits and the lifetime of unfinished registrations (configuration section SignUp).</summary>
public sealed class SignUpOptions
{
    public const string Section = "SignUp";

    /// <summary>Sign-up submissions per client address per hour.</summary>
    public int PerAddressPerHour { get; set; } = 10;

    /// <summary>Sign-up submissions per hour from everyone together.</summary>
    public int OverallPerHour { get; set; } = 100;

    /// <summary>A registration nobody decided on within this long expires, and its user name and identity are free again.</summary>
    public TimeSpan PendingLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A refused registration keeps its user name and identity this long (so a refusal is not undone at once), then frees them.</summary>
    public TimeSpan ReleaseRefusedAfter { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>
/// The client address of the circuit (or request) a scope serves, captured when the circuit opens; null when unknown
/// (all unknown clients then share one sign-up allowance).
/// </summary>
public sealed class ClientAddress
{
    public string? Value { get; set; }
}

/// <summary>
/// Sliding one-hour windows of sign-up submissions, per address and overall, on the portal's clock. The submissions
/// are rows of the database ("SignUpSubmissions"), so every instance on it counts the same ones; each check-and-insert
/// first takes the "SignUpGate" row, so two instances at once cannot both take the last place.
/// </summary>
public sealed class SignUpLimiter(IDbContextFactory<EmrAuthDbContext> dbFactory, TimeProvider clock, IOptions<SignUpOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Counts a submission from <paramref name="address"/>; false (and not counted) when a limit is reached.</summary>
    public async Task<bool> TryAcquireAsync(string? address)
    {
        var limits = options.Value;
        var own = address ?? "unknown";
        var now = clock.GetUtcNow().UtcTicks;
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        // Held until the commit: the counts below see every submission another instance committed before.
        if (await db.Database.ExecuteSqlAsync($"""UPDATE "SignUpGate" SET "LastTicks" = {now} WHERE "Id" = 1""") != 1)
        {
            // Without the row nothing would hold other instances back: refuse rather than count loosely.
            throw new InvalidOperationException("The SignUpGate row is missing; the migration SharedLimitsCounters seeds it.");
        }
        // Submissions that left the window are deleted here, so the table holds at most an hour's allowance.
        var windowStart = now - Window.Ticks;
        await db.SignUpSubmissions.Where(s => s.AtTicks <= windowStart).ExecuteDeleteAsync();
        var acquired = await db.SignUpSubmissions.CountAsync() < limits.OverallPerHour
            && await db.SignUpSubmissions.CountAsync(s => s.Address == own) < limits.PerAddressPerHour;
        if (acquired)
        {
            db.SignUpSubmissions.Add(new SignUpSubmission { Address = own, AtTicks = now });
            await db.SaveChangesAsync();
        }
        await transaction.CommitAsync();
        return acquired;
    }
}

/// <summary>
/// Frees what unfinished sign-ups hold: a registration pending longer than <see cref="SignUpOptions.PendingLifetime"/>,
/// or refused longer than <see cref="SignUpOptions.ReleaseRefusedAfter"/> ago, is deleted with its account (and a
/// hospital's departments), so its user name and identity can be signed up again. Approved parties are never touched.
/// Runs before each sign-up, which is when a name is claimed.
/// </summary>
public static class SignUpRelease
{
    public static async Task ReleaseAsync(EmrAuthDbContext db, SignUpOptions options, DateTimeOffset now, AuditLog audit)
    {
        var unfinished = await db.Registrations
            .Where(r => r.Status == RegistrationStatus.Pending || r.Status == RegistrationStatus.Refused)
            .ToListAsync();
        var released = unfinished.Where(r => r.Status == RegistrationStatus.Pending
            ? now - r.RequestedAt > options.PendingLifetime
            : r.DecidedAt is { } decided && now - decided > options.ReleaseRefusedAfter).ToList();
        foreach (var registration in released)
        {
            var accountRole = registration.Role == nameof(EmrAuth.Domain.Transcript.PartyRole.HospitalCloud) ? Roles.HospitalAdmin : registration.Role;
            db.Accounts.RemoveRange(await db.Accounts.Where(a => a.Role == accountRole && a.PartyId == registration.PartyId).ToListAsync());
            if (accountRole == Roles.HospitalAdmin)
            {
                db.Departments.RemoveRange(await db.Departments.Where(d => d.HospitalId == registration.PartyId).ToListAsync());
            }
            db.Registrations.Remove(registration);
            audit.Add(db, "portal", "Sign-up released", $"{registration.Role} {registration.PartyId}",
                registration.Status == RegistrationStatus.Pending ? "expired while pending" : "refused long enough ago",
                registration.Role == nameof(EmrAuth.Domain.Transcript.PartyRole.Patient) ? registration.PartyId : null);
        }
        if (released.Count > 0)
        {
            await db.SaveChangesAsync();
        }
    }
}
