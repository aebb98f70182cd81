using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Messages;

/// <summary>Whom a consent grant names: one doctor (ID_D), every doctor whose Cert_D names a department, or a hospital (ID_HPC).</summary>
public enum GranteeKind
{
    Doctor,
    Department,

    /// <summary>
    /// Doctors are not tied to hospitals here (Cert_D names a department only), so a hospital grant lets that hospital's
    /// private cloud release the records it holds to any doctor with a legal Cert_D who asks under the grant.
    /// </summary>
    Hospital,
}

/// <summary>The purpose of use a grant allows (FHIR Consent.provision.purpose, v3-ActReason TREAT and a second opinion).</summary>
public enum PurposeOfUse
{
    Treatment,
    SecondOpinion,
}

/// <summary>
/// Grant_P: a patient's standing consent, signed with PRK_P (Sig_PG). Encoded as "Grant_P v1" || ID_G || ID_P ||
/// grantee kind || grantee id || purpose || n (8 bytes) || ID_DE_1 … ID_DE_n || restricted (8 bytes, 0 or 1) ||
/// not-before || not-after || T_PG (each 8 bytes, ms since the epoch). n = 0 means every department.
/// </summary>
public sealed record ConsentGrant
{
    private const string Tag = "Grant_P v1";

    /// <summary>A grant names at most this many departments (a bound for the decoder, as for Scope_P).</summary>
    public const int MaxDepartments = SearchScope.MaxDepartments;

    /// <summary>The longest grant a patient may sign.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(366);

    public ConsentGrant(string grantId, string patientId, GranteeKind granteeKind, string granteeId, PurposeOfUse purpose,
        IEnumerable<string> departments, bool includesRestricted, long notBefore, long notAfter, long issuedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(grantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(granteeId);
        if (!Enum.IsDefined(granteeKind) || !Enum.IsDefined(purpose))
        {
            throw new ArgumentException("Unknown grantee kind or purpose of use.");
        }
        var list = SearchScope.CanonicalDepartments(departments);
        if (list.Length > MaxDepartments)
        {
            throw new ArgumentException($"A grant names at most {MaxDepartments} departments.", nameof(departments));
        }
        if (notAfter <= notBefore || TimeSpan.FromMilliseconds(notAfter - notBefore) > MaxDuration)
        {
            throw new ArgumentException($"A grant ends after it starts, and lasts at most {MaxDuration.TotalDays:0} days.", nameof(notAfter));
        }
        GrantId = grantId;
        PatientId = patientId;
        GranteeKind = granteeKind;
        GranteeId = granteeId;
        Purpose = purpose;
        Departments = list;
        IncludesRestricted = includesRestricted;
        NotBefore = notBefore;
        NotAfter = notAfter;
        IssuedAt = issuedAt;
    }

    /// <summary>ID_G: 128 random bits in hex, chosen by the patient's device; a revocation names it.</summary>
    public string GrantId { get; }

    public string PatientId { get; }

    public GranteeKind GranteeKind { get; }

    public string GranteeId { get; }

    public PurposeOfUse Purpose { get; }

    /// <summary>The departments the grant covers; empty for every department.</summary>
    public IReadOnlyList<string> Departments { get; }

    public bool AllDepartments => Departments.Count == 0;

    /// <summary>Whether restricted entries (sensitivity label) may be released under this grant: only when the patient named them.</summary>
    public bool IncludesRestricted { get; }

    public long NotBefore { get; }

    public long NotAfter { get; }

    /// <summary>T_PG: when the patient's device signed it.</summary>
    public long IssuedAt { get; }

    public static string NewGrantId() => Convert.ToHexString(RandomSource.GetBytes(16)).ToLowerInvariant();

    public bool Allows(string departmentId) => AllDepartments || Departments.Contains(departmentId, StringComparer.Ordinal);

    /// <summary>Whether the grantee is this doctor, the department on their Cert_D, or the hospital that releases the record.</summary>
    public bool Covers(string doctorId, string doctorDepartment, string hospitalId) => GranteeKind switch
    {
        GranteeKind.Doctor => GranteeId == doctorId,
        GranteeKind.Department => GranteeId == doctorDepartment,
        _ => GranteeId == hospitalId,
    };

    public bool IsInForce(long now) => NotBefore <= now && now < NotAfter;

    public byte[] Encode()
    {
        var writer = new FieldWriter().Add(Tag).Add(GrantId).Add(PatientId).Add(GranteeKind.ToString()).Add(GranteeId).Add(Purpose.ToString())
            .Add((long)Departments.Count);
        foreach (var department in Departments)
        {
            writer.Add(department);
        }
        return writer.Add(IncludesRestricted ? 1L : 0L).Add(NotBefore).Add(NotAfter).Add(IssuedAt).ToArray();
    }

    public static ConsentGrant Decode(byte[] data)
    {
        var r = new FieldReader(data);
        if (r.ReadString() != Tag)
        {
            throw new MalformedMessageException("not a Grant_P statement");
        }
        var grantId = r.ReadString();
        var patientId = r.ReadString();
        var kind = ReadEnum<GranteeKind>(r, "grantee kind");
        var granteeId = r.ReadString();
        var purpose = ReadEnum<PurposeOfUse>(r, "purpose of use");
        var count = r.ReadInt64();
        if (count is < 0 or > MaxDepartments)
        {
            throw new MalformedMessageException($"a grant names 0 to {MaxDepartments} departments");
        }
        var departments = new string[count];
        for (var i = 0; i < count; i++)
        {
            departments[i] = r.ReadString();
        }
        var restricted = r.ReadInt64() switch
        {
            0 => false,
            1 => true,
            _ => throw new MalformedMessageException("the restricted flag is 0 or 1"),
        };
        var (notBefore, notAfter, issuedAt) = (r.ReadInt64(), r.ReadInt64(), r.ReadInt64());
        r.EnsureEnd();
        ConsentGrant grant;
        try
        {
            grant = new ConsentGrant(grantId, patientId, kind, granteeId, purpose, departments, restricted, notBefore, notAfter, issuedAt);
        }
        catch (ArgumentException e)
        {
            throw new MalformedMessageException(e.Message);
        }
        return grant.Encode().AsSpan().SequenceEqual(data) ? grant : throw new MalformedMessageException("the grant's departments are not sorted and distinct");
    }

    /// <summary>Enum values travel by name, so a reordered enum never changes what a signed grant means.</summary>
    internal static T ReadEnum<T>(FieldReader reader, string what) where T : struct, Enum
    {
        var text = reader.ReadString();
        // Only a member's own name: never a number, a list ("Doctor, Department") or another spelling.
        return Enum.TryParse<T>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) && value.ToString() == text
            ? value
            : throw new MalformedMessageException($"unknown {what}");
    }

    public override string ToString() =>
        $"{GranteeKind} {GranteeId}, {Purpose}, {(AllDepartments ? "all departments" : string.Join(", ", Departments))}{(IncludesRestricted ? " + restricted" : "")}";
}

/// <summary>Grant_P || Sig_PG, Sig_PG = Sign_PRK_P(Grant_P): what the portal stores and what travels with a grant search.</summary>
public sealed record SignedGrant(ConsentGrant Grant, byte[] Signature)
{
    public byte[] Encode() => new FieldWriter().Add(Grant.Encode()).Add(Signature).ToArray();

    public static SignedGrant Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var signed = new SignedGrant(ConsentGrant.Decode(r.ReadBytes()), r.ReadBytes());
        r.EnsureEnd();
        return signed;
    }

    /// <summary>h(Grant_P), which the doctor's and the clouds' signatures name.</summary>
    public byte[] Digest() => Hashing.Digest(Grant.Encode());
}

/// <summary>
/// Revoke_P: "Revoke_P v1" || ID_P || ID_G || T_R1, signed with PRK_P (Sig_R1). It names the grant by ID_G; the parties
/// that enforce grants keep the revoked ids and refuse the grant from then on.
/// </summary>
public sealed record ConsentRevocation
{
    private const string Tag = "Revoke_P v1";

    /// <summary>Refuses what the decoder refuses: a revocation names a patient and a grant.</summary>
    public ConsentRevocation(string patientId, string grantId, long revokedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(patientId);
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        (PatientId, GrantId, RevokedAt) = (patientId, grantId, revokedAt);
    }

    public string PatientId { get; }

    public string GrantId { get; }

    /// <summary>T_R1.</summary>
    public long RevokedAt { get; }

    public byte[] Encode() => new FieldWriter().Add(Tag).Add(PatientId).Add(GrantId).Add(RevokedAt).ToArray();

    public static ConsentRevocation Decode(byte[] data)
    {
        var r = new FieldReader(data);
        if (r.ReadString() != Tag)
        {
            throw new MalformedMessageException("not a Revoke_P statement");
        }
        var (patientId, grantId, revokedAt) = (r.ReadString(), r.ReadString(), r.ReadInt64());
        r.EnsureEnd();
        return patientId.Length > 0 && grantId.Length > 0
            ? new ConsentRevocation(patientId, grantId, revokedAt)
            : throw new MalformedMessageException("a revocation names a patient and a grant");
    }
}
