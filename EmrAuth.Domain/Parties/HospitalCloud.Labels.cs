using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

/// <summary>Sensitivity labels at the hospital: verifying Label_S, and labeling on an administrator's word.</summary>
public sealed partial class HospitalCloud
{
    /// <summary>
    /// The <see cref="SensitivityLabel.Check"/>: Label_S names this entry of this record, its signer is a doctor who
    /// wrote the entry or a hospital private cloud in the directory, and Sig_L verifies with that party's PUK. Returns
    /// the failure, or null.
    /// </summary>
    public string? CheckLabel(SignedSensitivityLabel signed, string patientId, string departmentId, RecordEntry entry)
    {
        var label = signed.Label;
        if (!label.Names(patientId, departmentId, entry))
        {
            return "Label_S names another entry, patient or department";
        }
        if (label.SignerRole is not (PartyRole.Doctor or PartyRole.HospitalCloud))
        {
            return "a label is signed by a doctor or a hospital private cloud";
        }
        if (label.SignerRole == PartyRole.Doctor && label.SignerId != entry.Author)
        {
            return $"{label.SignerId} did not write this entry: a doctor labels only the diagnosis it files";
        }
        var signer = Trust.TryFindParty(Phase.Filing, label.SignerId, label.SignerRole);
        if (signer is null)
        {
            return $"{label.SignerRole} {label.SignerId} is not in the public cloud's directory";
        }
        return Crypto.Verify(Phase.Filing, Trust.PublicKeyOf(Phase.Filing, signer), label.Encode(), signed.Signature)
            ? null
            : $"Sig_L does not verify with the PUK of {label.SignerId}";
    }

    /// <summary>
    /// Marks the entry at <paramref name="index"/> of a held record restricted on an administrator's word: Label_S signed
    /// with PRK_HPC, checked like any label, then stored with the entry. Returns the labeled entry.
    /// </summary>
    public RecordEntry LabelEntry(string patientId, string departmentId, int index)
    {
        var credentials = RequireCredentials();
        var record = FindRecord(patientId, departmentId) ?? throw new ProtocolStateException($"{Id} holds no record of this patient in {departmentId}.");
        if (index < 0 || index >= record.Entries.Count)
        {
            throw new ProtocolStateException("The record has no such entry.");
        }
        var entry = record.Entries[index];
        if (entry.Restricted)
        {
            return entry;
        }
        var label = new SensitivityLabel(patientId, departmentId, SensitivityLabel.DigestOf(patientId, departmentId, entry), PartyRole.HospitalCloud, Id, NewTimestamp());
        var signed = new SignedSensitivityLabel(label, Crypto.Sign(Phase.Filing, credentials.Key, label.Encode()));
        var labeled = entry with { Label = signed };
        _records.AddOrUpdate((patientId, departmentId), _ => throw new ProtocolStateException("The record is no longer held here."),
            (_, current) => ReferenceEquals(current.Entries.ElementAtOrDefault(index), entry)
                ? current.Replace(index, labeled)
                : throw new ProtocolStateException("The record changed; label the entry again."));
        return labeled;
    }
}
