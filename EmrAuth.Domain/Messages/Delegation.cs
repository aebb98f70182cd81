using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Messages;

/// <summary>How the delegate stands to the patient (a parent or guardian, or a proxy the patient chose).</summary>
public enum DelegateRole
{
    Guardian,
    Proxy,
}

/// <summary>What a delegate may do for the patient; a delegation names one or more.</summary>
[Flags]
public enum DelegatePermissions
{
    None = 0,
    StartVisits = 1,
    ReadDiagnoses = 2,
    ManageGrants = 4,
}

/// <summary>
/// Delegation_P: the patient names another account (ID_G, a portal account, e.g. a parent) to act for them, signed with
/// PRK_P (Sig_G) over "Delegation_P" || N_G || ID_P || ID_G || role || permissions (8 bytes) || T_from || T_until || T_G,
/// where N_G is 16 random bytes that identify the delegation (its revocation names them).
/// </summary>
public sealed record PatientDelegation(byte[] Id, string PatientId, string DelegateId, DelegateRole Role, DelegatePermissions Permissions, long NotBefore,
    long NotAfter, long IssuedAt)
{
    /// <summary>The named check of every use of a delegation (registration and each delegate action).</summary>
    public const string Check = "Delegation (patient-signed)";

    public const int IdLength = 16;

    public byte[] Id { get; } = Id.Length == IdLength ? Id : throw new ArgumentException($"N_G is {IdLength} bytes.", nameof(Id));

    public DelegatePermissions Permissions { get; } = Permissions != DelegatePermissions.None && (Permissions & ~All) == 0
        ? Permissions
        : throw new ArgumentException("A delegation allows at least one known permission.", nameof(Permissions));

    public DelegateRole Role { get; } = Enum.IsDefined(Role) ? Role : throw new ArgumentException("A delegate is a guardian or a proxy.", nameof(Role));

    public string IdHex => Convert.ToHexString(Id);

    public static PatientDelegation New(string patientId, string delegateId, DelegateRole role, DelegatePermissions permissions, long notBefore, long notAfter,
        long issuedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(delegateId);
        if (delegateId == patientId || notAfter <= notBefore)
        {
            throw new ArgumentException("A delegation names another account and a window that ends after it starts.");
        }
        return new PatientDelegation(RandomSource.GetBytes(IdLength), patientId, delegateId, role, permissions, notBefore, notAfter, issuedAt);
    }

    public const DelegatePermissions All = DelegatePermissions.StartVisits | DelegatePermissions.ReadDiagnoses | DelegatePermissions.ManageGrants;

    public byte[] Encode() => new FieldWriter().Add("Delegation_P").Add(Id).Add(PatientId).Add(DelegateId).Add(Role.ToString()).Add((long)Permissions)
        .Add(NotBefore).Add(NotAfter).Add(IssuedAt).ToArray();

    public static PatientDelegation Decode(byte[] data)
    {
        var r = new FieldReader(data);
        if (r.ReadString() != "Delegation_P")
        {
            throw new MalformedMessageException("not a Delegation_P statement");
        }
        var (id, patientId, delegateId, roleName, permissions) = (r.ReadBytes(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt64());
        var (notBefore, notAfter, issuedAt) = (r.ReadInt64(), r.ReadInt64(), r.ReadInt64());
        r.EnsureEnd();
        if (!Enum.TryParse<DelegateRole>(roleName, out var role) || role.ToString() != roleName)
        {
            throw new MalformedMessageException("a delegation's role is Guardian or Proxy");
        }
        if (id.Length != IdLength || permissions is <= 0 || (permissions & ~(long)All) != 0)
        {
            throw new MalformedMessageException("a delegation has a 16-byte N_G and known permissions");
        }
        return new PatientDelegation(id, patientId, delegateId, role, (DelegatePermissions)permissions, notBefore, notAfter, issuedAt);
    }

    /// <summary>Whether the delegation covers <paramref name="permission"/> at <paramref name="at"/> (Unix ms); revocation is the public cloud's to check.</summary>
    public string? Covers(DelegatePermissions permission, long at) =>
        at < NotBefore ? "the delegation has not started yet"
        : at >= NotAfter ? "the delegation has expired"
        : (Permissions & permission) != permission ? $"the delegation does not allow {permission}"
        : null;
}

/// <summary>Delegation_P || Sig_G, as the public cloud registers it and the portal stores it.</summary>
public sealed record SignedDelegation(PatientDelegation Delegation, byte[] Signature)
{
    public byte[] Encode() => new FieldWriter().Add(Delegation.Encode()).Add(Signature).ToArray();

    public static SignedDelegation Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var signed = new SignedDelegation(PatientDelegation.Decode(r.ReadBytes()), r.ReadBytes());
        r.EnsureEnd();
        return signed;
    }
}

/// <summary>
/// Revocation_G: "Revocation_G" || N_G || ID_P || T_R, signed with PRK_P (Sig_R). Effective from the moment the public
/// cloud registers it: every later delegate action is refused.
/// </summary>
public sealed record DelegationRevocation(byte[] DelegationId, string PatientId, long RevokedAt)
{
    public const string Check = "Delegation revocation (patient-signed)";

    public byte[] Encode() => new FieldWriter().Add("Revocation_G").Add(DelegationId).Add(PatientId).Add(RevokedAt).ToArray();

    public static DelegationRevocation Decode(byte[] data)
    {
        var r = new FieldReader(data);
        if (r.ReadString() != "Revocation_G")
        {
            throw new MalformedMessageException("not a Revocation_G statement");
        }
        var revocation = new DelegationRevocation(r.ReadBytes(), r.ReadString(), r.ReadInt64());
        r.EnsureEnd();
        return revocation;
    }
}

/// <summary>Revocation_G || Sig_R.</summary>
public sealed record SignedDelegationRevocation(DelegationRevocation Revocation, byte[] Signature)
{
    public byte[] Encode() => new FieldWriter().Add(Revocation.Encode()).Add(Signature).ToArray();

    public static SignedDelegationRevocation Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var signed = new SignedDelegationRevocation(DelegationRevocation.Decode(r.ReadBytes()), r.ReadBytes());
        r.EnsureEnd();
        return signed;
    }
}
