using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Registry;

/// <summary>
/// One registered party as the public cloud publishes it (NOTES §4): identity, role, R_X and, for doctors,
/// Cert_D. Patients are not listed: their anonymity is the point of the scheme.
/// </summary>
public sealed record DirectoryEntry(string Id, PartyRole Role, CurvePoint R, DoctorCertificate? Certificate)
{
    public byte[]? IssuanceExtra => Certificate?.Encode();
}

/// <summary>
/// The public cloud's directory of hospitals and doctors, signed with PRK_C. Each entry is ID ‖ role ‖ R_X, followed by
/// extra_X exactly where the implicit certificate has one (Cert_D for a doctor): a hospital's entry has no fourth field,
/// as its Hq input has none, so the entry's fields are the Hq input's (with the role between) for every role. The role
/// comes before R_X, so a reader knows whether a fourth field follows.
/// </summary>
public sealed record SignedDirectory(long Version, IReadOnlyList<DirectoryEntry> Entries, byte[] Signature)
{
    public byte[] SignedContent()
    {
        var writer = new FieldWriter().Add("Directory v2").Add(Version);
        foreach (var entry in Entries)
        {
            writer.Add(entry.Id).Add(entry.Role.ToString()).Add(entry.R);
            if (entry.IssuanceExtra is { } extra)
            {
                writer.Add(extra);
            }
        }
        return writer.ToArray();
    }

    public DirectoryEntry? Find(string id, PartyRole role) => Entries.FirstOrDefault(e => e.Id == id && e.Role == role);
}
