using System.Collections.Concurrent;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Parties;

/// <summary>
/// The public cloud's index of where records live: h(ID_P || ID_DE) → (ID_HPC || ID_D) ⊕ h(s), as printed after
/// Eq. 30. The paper's profile masks every record with the same h(s): the XOR of two records leaks the XOR of
/// their contents and one known record unmasks all (NOTES §3.3). The hardened profile will replace this.
/// </summary>
public sealed class EmrIndex
{
    /// <summary>Each masked record is this long; IDs must fit (they are short identifiers).</summary>
    public const int RecordLength = 64;

    private readonly byte[] _mask;
    private readonly ConcurrentDictionary<string, byte[]> _records = new();

    internal EmrIndex(Scalar masterSecret) =>
        _mask = KeyDerivation.Derive(masterSecret.ToBytes(), [], "EmrAuth index mask h(s)"u8, RecordLength);

    /// <summary>h(ID_P || ID_DE), the index key.</summary>
    public static byte[] KeyOf(string patientId, string departmentId) =>
        Hashing.Digest(new FieldWriter().Add(patientId).Add(departmentId).ToArray());

    public int Count => _records.Count;

    /// <summary>The stored (masked) records, as an administrator or an attacker with the database sees them.</summary>
    public IReadOnlyDictionary<string, byte[]> MaskedRecords => new Dictionary<string, byte[]>(_records);

    /// <summary>Reloads a stored (masked) record after a restart.</summary>
    public void Restore(string indexKeyHex, byte[] maskedRecord) => _records[indexKeyHex] = maskedRecord;

    internal void Store(byte[] indexKey, string hospitalId, string doctorId)
    {
        var plain = new FieldWriter().Add(hospitalId).Add(doctorId).ToArray();
        if (plain.Length > RecordLength)
        {
            throw new ArgumentException($"Hospital and doctor identities are too long for an index record ({plain.Length} > {RecordLength} bytes).");
        }
        var record = new byte[RecordLength];
        plain.CopyTo(record, 0);
        _records[Convert.ToHexString(indexKey)] = Xor(record);
    }

    /// <summary>ID_HPC for h(ID_P || ID_DE), or null when no hospital registered such a record.</summary>
    internal string? FindHospital(byte[] indexKey)
    {
        if (!_records.TryGetValue(Convert.ToHexString(indexKey), out var masked))
        {
            return null;
        }
        var reader = new FieldReader(TrimPadding(Xor(masked)));
        return reader.ReadString();
    }

    private byte[] Xor(byte[] data)
    {
        var output = new byte[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            output[i] = (byte)(data[i] ^ _mask[i]);
        }
        return output;
    }

    private static byte[] TrimPadding(byte[] record)
    {
        var first = new FieldReader(record);
        var hospital = first.ReadBytes();
        var doctor = first.ReadBytes();
        return new FieldWriter().Add(hospital).Add(doctor).ToArray();
    }
}
