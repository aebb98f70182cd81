using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Registry;

public sealed record DoctorListing(string Id, string DisplayName, string DepartmentId, string CertificateSerial);

public sealed record IndexListing(string KeyHex, string MaskedHex);

/// <summary>What the public cloud publishes (directory, revocations) and what its administrators may browse.</summary>
public sealed class RegistryQueries(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host)
{
    /// <summary>Doctors a patient can choose: those in the signed directory whose certificate is not revoked.</summary>
    public async Task<IReadOnlyList<DoctorListing>> DoctorsAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var names = await db.Registrations.Where(r => r.Role == nameof(PartyRole.Doctor)).ToDictionaryAsync(r => r.PartyId, r => r.DisplayName);
        var revoked = host.Authority.RevocationList.Revocations.Select(r => r.Serial).ToHashSet();
        return host.Cloud.Directory.Entries
            .Where(e => e.Role == PartyRole.Doctor && e.Certificate is not null && !revoked.Contains(e.Certificate.Serial))
            .Select(e => new DoctorListing(e.Id, names.GetValueOrDefault(e.Id, e.Id), e.Certificate!.DepartmentId, e.Certificate.Serial))
            .OrderBy(d => d.DisplayName)
            .ToList();
    }

    public SignedDirectory Directory => host.Cloud.Directory;

    /// <summary>
    /// Of the given parties, those whose keys the public cloud issued with escrow (it knows their S_X). The portal
    /// issues keys as the paper does, so today that is every registered party; a hardened visit shows them.
    /// </summary>
    public IReadOnlyList<string> EscrowedOf(params (PartyRole Role, string Id)[] parties) =>
        parties.Where(p => host.Cloud.FindRegistered(p.Role, p.Id)?.Issuance == KeyIssuance.Escrowed).Select(p => p.Id).ToList();

    public async Task<IReadOnlyList<PartyRegistration>> RegistrationsAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var all = await db.Registrations.ToListAsync();
        return all.OrderBy(r => r.Status != RegistrationStatus.Pending).ThenByDescending(r => r.RequestedAt).ToList();
    }

    public async Task<PartyRegistration?> RegistrationOfAsync(string role, string partyId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Registrations.SingleOrDefaultAsync(r => r.Role == role && r.PartyId == partyId);
    }

    public async Task<IReadOnlyList<CertificateRecord>> CertificatesAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var all = await db.Certificates.ToListAsync();
        return all.OrderBy(c => c.Serial).ToList();
    }

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
    public IReadOnlyList<IndexListing> Index() =>
        host.Cloud.Index.MaskedRecords.Select(r => new IndexListing(r.Key, Convert.ToHexString(r.Value))).OrderBy(r => r.KeyHex).ToList();
}
