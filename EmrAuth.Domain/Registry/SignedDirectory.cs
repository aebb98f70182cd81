using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Registry;

/// <summary>
/// One registered party as the public cloud publishes it (docs/protocol.md#d-directory): identity, role, R_X and, for doctors,
/// Cert_D. Patients are not listed: their anonymity is the point of the scheme.
/// </summary>
public sealed record DirectoryEntry(string Id, PartyRole Role, CurvePoint R, DoctorCertificate? Certificate)
{
    public byte[]? IssuanceExtra => Certificate?.Encode();
}

/// <summary>The public cloud's directory of hospitals and doctors, signed with PRK_C.</summary>
public sealed record SignedDirectory(long Version, IReadOnlyList<DirectoryEntry> Entries, byte[] Signature)
{
    public byte[] SignedContent()
    {
        var writer = new FieldWriter().Add("Directory v1").Add(Version);
        foreach (var entry in Entries)
        {
            writer.Add(entry.Id).Add(entry.Role.ToString()).Add(entry.R).Add(entry.IssuanceExtra ?? []);
        }
        return writer.ToArray();
    }

    public DirectoryEntry? Find(string id, PartyRole role) => Entries.FirstOrDefault(e => e.Id == id && e.Role == role);
}
