using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;
using Microsoft.AspNetCore.DataProtection;

namespace EmrAuth.Web.Features.Audit;

/// <summary>
/// The audit chain's head, kept outside the database in a file sealed with Data Protection (whose keys are not in
/// the database either). Someone who can change only the database cannot forge or move it, so a deleted tail or a
/// recomputed chain shows. Rolling back the data folder as a whole (database, anchor and keys) is not detected.
/// </summary>
public sealed class AuditAnchor(IDataProtectionProvider provider, string path)
{
    private readonly IDataProtector _protector = provider.CreateProtector("EmrAuth.AuditAnchor.v1");

    public string Path { get; } = path;

    /// <summary>The anchored head; null when none was written yet. Throws when the file was tampered with.</summary>
    public AuditHead? Read()
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        var reader = new FieldReader(_protector.Unprotect(File.ReadAllBytes(Path)));
        if (reader.ReadString() != "AuditHead v1")
        {
            throw new CryptographicException("The audit anchor has an unknown format.");
        }
        var head = new AuditHead(reader.ReadInt64(), reader.ReadBytes());
        reader.EnsureEnd();
        return head;
    }

    /// <summary>Replaces the anchor atomically (write, then rename), so a crash leaves the old or the new one.</summary>
    public void Write(AuditHead head)
    {
        var sealedHead = _protector.Protect(new FieldWriter().Add("AuditHead v1").Add(head.Sequence).Add(head.Hash).ToArray());
        var temporary = Path + ".tmp";
        File.WriteAllBytes(temporary, sealedHead);
        File.Move(temporary, Path, overwrite: true);
    }
}
