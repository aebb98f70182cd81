using System.Collections.Concurrent;
using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Phases;

namespace EmrAuth.Domain.Parties;

/// <summary>What an index lookup found: nothing, a record that does not open (altered storage), or ID_HPC.</summary>
internal readonly record struct IndexLookup(bool Found, bool Authentic, string? HospitalId);

/// <summary>
/// The public cloud's index of where records live: h(ID_P || ID_DE) → (ID_HPC || ID_D), in one of two stored forms,
/// chosen by the deployment's profile (the index belongs to the public cloud, not to one visit):
/// <list type="bullet">
/// <item>Paper: (ID_HPC || ID_D) ⊕ h(s), as printed after Eq. 30. One mask for every record: the XOR of two records
/// leaks the XOR of their contents and one known record unmasks all (docs/protocol.md#g-index-mask).</item>
/// <item>Hardened: AES-256-GCM under K_idx = HKDF-SHA256(s, info = "EmrAuth index AEAD key v1"), a fresh random 96-bit
/// nonce per stored record, and h(ID_P || ID_DE) as associated data, so a record moved to another key or altered
/// fails to open. Stored as nonce || ciphertext || tag.</item>
/// </list>
/// </summary>
/// <remarks>Thread-safe: each record is replaced whole; of two searches of the same record at once, the later store wins.</remarks>
public sealed class EmrIndex
{
    /// <summary>Each masked record is this long; IDs must fit (they are short identifiers).</summary>
    public const int RecordLength = 64;

    private readonly byte[] _key;
    private readonly ConcurrentDictionary<string, byte[]> _records = new();

    internal EmrIndex(Scalar masterSecret, ProtocolProfile form)
    {
        Form = form;
        _key = form == ProtocolProfile.Hardened
            ? KeyDerivation.Derive(masterSecret.ToBytes(), [], "EmrAuth index AEAD key v1"u8, AeadCipher.KeyLength)
            : KeyDerivation.Derive(masterSecret.ToBytes(), [], "EmrAuth index mask h(s)"u8, RecordLength);
    }

    /// <summary>h(ID_P || ID_DE), the index key.</summary>
    public static byte[] KeyOf(string patientId, string departmentId) =>
        Hashing.Digest(new FieldWriter().Add(patientId).Add(departmentId).ToArray());

    /// <summary>Paper: XOR-masked records; Hardened: AES-GCM-sealed records.</summary>
    public ProtocolProfile Form { get; }

    public int Count => _records.Count;

    /// <summary>The stored (masked or sealed) records, as an administrator or an attacker with the database sees them.</summary>
    public IReadOnlyDictionary<string, byte[]> MaskedRecords => new Dictionary<string, byte[]>(_records);

    /// <summary>Reloads a stored (masked or sealed) record after a restart; a sealed one is checked when it is looked up.</summary>
    public void Restore(string indexKeyHex, byte[] maskedRecord) => _records[indexKeyHex] = maskedRecord;

    /// <summary>
    /// Reloads a record stored in the other form (a deployment that moved from the paper's profile to the hardened one):
    /// it is opened in its old form and stored again in this index's form. A record that does not open is refused.
    /// </summary>
    internal void RestoreConverted(string indexKeyHex, byte[] storedRecord, EmrIndex storedForm)
    {
        var indexKey = Convert.FromHexString(indexKeyHex);
        var reader = new FieldReader(storedForm.Open(indexKey, storedRecord));
        Store(indexKey, reader.ReadString(), reader.ReadString());
    }

    internal void Store(byte[] indexKey, string hospitalId, string doctorId)
    {
        var plain = new FieldWriter().Add(hospitalId).Add(doctorId).ToArray();
        if (plain.Length > RecordLength)
        {
            throw new ArgumentException($"Hospital and doctor identities are too long for an index record ({plain.Length} > {RecordLength} bytes).");
        }
        if (Form == ProtocolProfile.Hardened)
        {
            var nonce = RandomSource.GetBytes(AeadCipher.NonceLength);
            _records[Convert.ToHexString(indexKey)] = [.. nonce, .. AeadCipher.Seal(_key, nonce, plain, indexKey)];
            return;
        }
        var record = new byte[RecordLength];
        plain.CopyTo(record, 0);
        _records[Convert.ToHexString(indexKey)] = Xor(record);
    }

    /// <summary>ID_HPC for h(ID_P || ID_DE), or null when no hospital registered such a record (or it does not open).</summary>
    internal string? FindHospital(byte[] indexKey) => Find(indexKey).HospitalId;

    internal IndexLookup Find(byte[] indexKey)
    {
        if (!_records.TryGetValue(Convert.ToHexString(indexKey), out var stored))
        {
            return new IndexLookup(false, false, null);
        }
        try
        {
            return new IndexLookup(true, true, new FieldReader(Open(indexKey, stored)).ReadString());
        }
        catch (CryptographicException) when (Form == ProtocolProfile.Hardened)
        {
            return new IndexLookup(true, false, null);
        }
    }

    /// <summary>ID_HPC || ID_D of a stored record; a sealed record that does not open throws <see cref="CryptographicException"/>.</summary>
    private byte[] Open(byte[] indexKey, byte[] stored)
    {
        if (Form == ProtocolProfile.Paper)
        {
            return TrimPadding(Xor(stored));
        }
        if (stored.Length < AeadCipher.NonceLength + AeadCipher.TagLength)
        {
            throw new CryptographicException("The sealed index record is too short.");
        }
        return AeadCipher.Open(_key, stored.AsSpan(0, AeadCipher.NonceLength), stored.AsSpan(AeadCipher.NonceLength), indexKey);
    }

    private byte[] Xor(byte[] data)
    {
        var output = new byte[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            output[i] = (byte)(data[i] ^ _key[i]);
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
