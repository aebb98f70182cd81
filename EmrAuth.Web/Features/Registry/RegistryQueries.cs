using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Registry;

public sealed record DoctorListing(string Id, string DisplayName, string DepartmentId, string CertificateSerial);

public sealed record IndexListing(string KeyHex, string MaskedHex);

/// <summary>
/// What the public cloud publishes (directory, revocations, departments) to signed-in accounts, and what only its
/// administrators may browse (registrations, certificates, the index as stored).
/// </summary>
public sealed class RegistryQueries(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, CurrentUser currentUser)
{
    /// <summary>Doctors a patient can choose: those in the signed directory whose certificate is not revoked.</summary>
    public async Task<IReadOnlyList<DoctorListing>> DoctorsAsync()
    {
        await currentUser.RequireAsync("List doctors", "the doctors' directory", [.. Roles.All]);
        await using var db = await dbFactory.CreateDbContextAsync();
        var names = await db.Registrations.Where(r => r.Role == nameof(PartyRole.Doctor)).ToDictionaryAsync(r => r.PartyId, r => r.DisplayName);
        var revoked = host.Authority.RevocationList.Revocations.Select(r => r.Serial).ToHashSet();
        return host.Cloud.Directory.Entries
            .Where(e => e.Role == PartyRole.Doctor && e.Certificate is not null && !revoked.Contains(e.Certificate.Serial))
            .Select(e => new DoctorListing(e.Id, names.GetValueOrDefault(e.Id, e.Id), e.Certificate!.DepartmentId, e.Certificate.Serial))
            .OrderBy(d => d.DisplayName)
            .ToList();
    }

    public async Task<SignedDirectory> DirectoryAsync()
    {
        await currentUser.RequireAsync("Browse directory", "the signed directory", Roles.CloudAdmin);
        return host.Cloud.Directory;
    }

    /// <summary>
    /// Of the given parties, those whose keys the public cloud issued with escrow (it knows their S_X): parties
    /// registered before the portal issued keys without escrow, until they renew them. A hardened visit shows them.
    /// </summary>
    public async Task<IReadOnlyList<string>> EscrowedOfAsync(params (PartyRole Role, string Id)[] parties)
    {
        await currentUser.RequireAsync("Check key issuance", string.Join(", ", parties.Select(p => p.Id)), [.. Roles.All]);
        return parties.Where(p => host.Cloud.FindRegistered(p.Role, p.Id)?.Issuance == KeyIssuance.Escrowed).Select(p => p.Id).ToList();
    }

    public async Task<IReadOnlyList<PartyRegistration>> RegistrationsAsync()
    {
        await currentUser.RequireAsync("List registrations", "every registration", Roles.CloudAdmin);
        await using var db = await dbFactory.CreateDbContextAsync();
        var all = await db.Registrations.ToListAsync();
        return all.OrderBy(r => r.Status != RegistrationStatus.Pending).ThenByDescending(r => r.RequestedAt).ToList();
    }

    /// <summary>A registration: the account's own (its role's registration of its party), or any for the cloud administrators.</summary>
    public async Task<PartyRegistration?> RegistrationOfAsync(string role, string partyId)
    {
        var subject = $"registration of {role} {partyId}";
        var user = await currentUser.RequireAsync("Read registration", subject, [.. Roles.All]);
        if (user.Role != Roles.CloudAdmin && (user.PartyId != partyId || RegistrationRole(user.Role) != role))
        {
            throw await currentUser.RefuseAsync(user, "Read registration", subject, "not the account's own registration", "This registration is not yours.",
                role == Roles.Patient ? partyId : null);
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Registrations.SingleOrDefaultAsync(r => r.Role == role && r.PartyId == partyId);
    }

    /// <summary>The signed-in account's own registration (a patient's, a doctor's, or its hospital's), or null.</summary>
    public async Task<PartyRegistration?> OwnRegistrationAsync()
    {
        var (user, partyId) = await currentUser.RequirePartyAsync("Read registration", "own registration", Roles.Patient, Roles.Doctor, Roles.HospitalAdmin);
        var role = RegistrationRole(user.Role);
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Registrations.SingleOrDefaultAsync(r => r.Role == role && r.PartyId == partyId);
    }

    /// <summary>The name a party registered under, or its id: what visit and migration pages show for the other side.</summary>
    public async Task<string> DisplayNameOfAsync(string role, string partyId)
    {
        await currentUser.RequireAsync("Look up name", $"{role} {partyId}", [.. Roles.All]);
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Registrations.Where(r => r.Role == role && r.PartyId == partyId).Select(r => r.DisplayName).SingleOrDefaultAsync() ?? partyId;
    }

    /// <summary>Every Cert_D for the cloud administrators (the medical authority); a doctor's own for a doctor.</summary>
    public async Task<IReadOnlyList<CertificateRecord>> CertificatesAsync()
    {
        var user = await currentUser.RequireAsync("List certificates", "Cert_D", Roles.CloudAdmin, Roles.Doctor);
        await using var db = await dbFactory.CreateDbContextAsync();
        var all = await db.Certificates.Where(c => user.Role == Roles.CloudAdmin || c.DoctorId == user.PartyId).ToListAsync();
        return all.OrderBy(c => c.Serial).ToList();
    }

    /// <summary>Departments of approved hospitals: public, the sign-up form offers them.</summary>

    public async Task<IReadOnlyList<Department>> DepartmentsAsync(string? hospitalId = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var approved = db.Registrations
            .Where(r => r.Role == nameof(PartyRole.HospitalCloud) && r.Status == RegistrationStatus.Approved)
            .Select(r => r.PartyId);
        var query = db.Departments.Where(d => approved.Contains(d.HospitalId) && (hospitalId == null || d.HospitalId == hospitalId));
        return await query.OrderBy(d => d.HospitalId).ThenBy(d => d.DepartmentId).ToListAsync();
    }

    /// <summary>The index as stored: keys are hashes and values masked, exactly what an administrator (or a thief) sees.</summary>
    public async Task<IReadOnlyList<IndexListing>> IndexAsync()
    {
        await currentUser.RequireAsync("Browse EMR index", "the EMR index", Roles.CloudAdmin);
        return host.Cloud.Index.MaskedRecords.Select(r => new IndexListing(r.Key, Convert.ToHexString(r.Value))).OrderBy(r => r.KeyHex).ToList();
    }

    /// <summary>The registration role of an account role (a hospital's administrators act for its HospitalCloud).</summary>
    private static string RegistrationRole(string accountRole) => accountRole == Roles.HospitalAdmin ? nameof(PartyRole.HospitalCloud) : accountRole;
}
