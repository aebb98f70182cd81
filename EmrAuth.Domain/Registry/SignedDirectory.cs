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
    /// <summary>A doctor's entry carries its Cert_D and no other role's does: the encoding reads a fourth field by role.</summary>
    public DoctorCertificate? Certificate { get; } = (Role == PartyRole.Doctor) == (Certificate is not null)
        ? Certificate
        : throw new ArgumentException("A directory entry carries a Cert_D exactly when it is a doctor's.", nameof(Certificate));

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

    /// <summary>The directory as published (signed content, then PRK_C's signature), in the form of Cert_D's encoding.</summary>
    public byte[] Encode() => new FieldWriter().Add(SignedContent()).Add(Signature).ToArray();

    /// <summary>
    /// Reads what <see cref="Encode"/> wrote. A role is only a role's exact name, only a doctor's entry has a fourth field (its Cert_D, which must decode),
    /// so every accepted directory encodes back to the same bytes.
    /// </summary>
    public static SignedDirectory Decode(byte[] encoded)
    {
        var (inner, signature) = FieldReader.OpenSigned(encoded, "Directory v2", "the directory");
        var version = inner.ReadInt64();
        var entries = new List<DirectoryEntry>();
        while (!inner.AtEnd)
        {
            var id = inner.ReadString();
            var roleName = inner.ReadString();
            var role = Enum.TryParse<PartyRole>(roleName, out var parsed) && parsed.ToString() == roleName
                ? parsed
                : throw new MalformedMessageException("a directory entry has an unknown role");
            var r = inner.ReadPoint();
            var certificate = role == PartyRole.Doctor ? DoctorCertificate.Decode(inner.ReadBytes()) : null;
            entries.Add(new DirectoryEntry(id, role, r, certificate));
        }
        return new SignedDirectory(version, entries, signature);
    }

    public DirectoryEntry? Find(string id, PartyRole role) => Entries.FirstOrDefault(e => e.Id == id && e.Role == role);
}
