using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Messages;

/// <summary>
/// Scope_P: the departments whose records one visit may search, as the patient chose them when starting it.
/// Signed by PRK_P (Sig_PS) over "Scope_P" || ID_P || ID_D || n || ID_DE_1 || … || ID_DE_n || T_P1 [|| "R"], so the public
/// cloud (PUK_P from its registry) and the hospital (PUK_P vouched by the public cloud, or pinned at admission) can
/// each check it without trusting the doctor or one another. The optional last field "R" (the HL7 confidentiality code
/// of <see cref="SensitivityLabel"/>) is present only when the patient releases restricted entries to this visit, so a
/// scope without it keeps the bytes it always had.
/// </summary>
public sealed record SearchScope
{
    /// <summary>The named check every receiver records when it verifies Sig_PS or tests ID_DE against the scope.</summary>
    public const string Check = "Search scope (patient-signed)";

    /// <summary>A visit may allow at most this many departments (a bound for the decoder, not a policy).</summary>
    public const int MaxDepartments = 32;

    /// <summary>
    /// Departments trimmed, sorted and distinct (ordinal), so one choice has one encoding and one signature: Scope_P's
    /// and a consent grant's (<see cref="ConsentGrant"/>) decoders accept only this form.
    /// </summary>
    internal static string[] CanonicalDepartments(IEnumerable<string> departments) =>
        departments.Select(d => d.Trim()).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    public SearchScope(string patientId, string doctorId, IEnumerable<string> departments, long issuedAt, bool includesRestricted = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(doctorId);
        var list = CanonicalDepartments(departments);
        if (list.Length is 0 or > MaxDepartments)
        {
            throw new ArgumentException($"A search scope names 1 to {MaxDepartments} departments.", nameof(departments));
        }
        PatientId = patientId;
        DoctorId = doctorId;
        Departments = list;
        IssuedAt = issuedAt;
        IncludesRestricted = includesRestricted;
    }

    public string PatientId { get; }

    public string DoctorId { get; }

    public IReadOnlyList<string> Departments { get; }

    /// <summary>T_P1 of the request that carried it.</summary>
    public long IssuedAt { get; }

    /// <summary>Whether the patient named restricted data explicitly: only then does the hospital release restricted entries.</summary>
    public bool IncludesRestricted { get; }

    public bool Allows(string departmentId) => Departments.Contains(departmentId, StringComparer.Ordinal);

    /// <summary>The signed bytes: "Scope_P" || ID_P || ID_D || n (8 bytes) || ID_DE_1 … ID_DE_n || T_P1 [|| "R"].</summary>
    public byte[] Encode()
    {
        var writer = new FieldWriter().Add("Scope_P").Add(PatientId).Add(DoctorId).Add((long)Departments.Count);
        foreach (var department in Departments)
        {
            writer.Add(department);
        }
        writer.Add(IssuedAt);
        return (IncludesRestricted ? writer.Add(SensitivityLabel.Restricted) : writer).ToArray();
    }

    public static SearchScope Decode(byte[] data)
    {
        var r = new FieldReader(data);
        if (r.ReadString() != "Scope_P")
        {
            throw new MalformedMessageException("not a Scope_P statement");
        }
        var patientId = r.ReadString();
        var doctorId = r.ReadString();
        var count = r.ReadInt64();
        if (count is < 1 or > MaxDepartments)
        {
            throw new MalformedMessageException($"a search scope names 1 to {MaxDepartments} departments");
        }
        var departments = new string[count];
        for (var i = 0; i < count; i++)
        {
            departments[i] = r.ReadString();
        }
        var issuedAt = r.ReadInt64();
        var restricted = !r.AtEnd && (r.ReadString() == SensitivityLabel.Restricted ? true : throw new MalformedMessageException("a scope's last field is R or absent"));
        r.EnsureEnd();
        SearchScope scope;
        try
        {
            scope = new SearchScope(patientId, doctorId, departments, issuedAt, restricted);
        }
        catch (ArgumentException e)
        {
            // An empty ID or only blank departments: the constructor's refusal, reported as the malformed message it is.
            throw new MalformedMessageException(e.Message);
        }
        // Only the canonical (sorted, distinct) form is accepted, so one choice has one encoding.
        return scope.Encode().AsSpan().SequenceEqual(data) ? scope : throw new MalformedMessageException("the scope's departments are not sorted and distinct");
    }

    public override string ToString() => string.Join(", ", Departments) + (IncludesRestricted ? " + restricted entries" : "");
}

/// <summary>Scope_P with its signature Sig_PS = Sign_PRK_P(Scope_P), as it travels: Scope_P || Sig_PS.</summary>
public sealed record SignedScope(SearchScope Scope, byte[] Signature)
{
    public byte[] Encode() => new FieldWriter().Add(Scope.Encode()).Add(Signature).ToArray();

    public static SignedScope Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var signed = new SignedScope(SearchScope.Decode(r.ReadBytes()), r.ReadBytes());
        r.EnsureEnd();
        return signed;
    }
}

/// <summary>
/// What the public cloud forwards to the hospital with its index answer (inside C_C, then C_D3): Scope_P and Sig_PS
/// as the patient signed them, the patient's PUK_P, and Sig_CS = Sign_PRK_C("Scope_C" || ID_P || ID_D || ID_HPC ||
/// PUK_P || h(Scope_P) || T_C), by which the public cloud vouches that PUK_P is ID_P's key. The hospital verifies
/// Sig_PS itself, so a public cloud that widens the scope is caught there.
/// </summary>
public sealed record ForwardedScope(SignedScope Scope, CurvePoint PatientKey, long TC, byte[] CloudSignature)
{
    public byte[] Encode() => new FieldWriter().Add(Scope.Encode()).Add(PatientKey).Add(TC).Add(CloudSignature).ToArray();

    public static ForwardedScope Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var forwarded = new ForwardedScope(SignedScope.Decode(r.ReadBytes()), r.ReadPoint(), r.ReadInt64(), r.ReadBytes());
        r.EnsureEnd();
        return forwarded;
    }

    /// <summary>Sig_CS's content.</summary>
    public static byte[] Vouched(string hospitalId, CurvePoint patientKey, SearchScope scope, long tC) =>
        new FieldWriter().Add("Scope_C").Add(scope.PatientId).Add(scope.DoctorId).Add(hospitalId).Add(patientKey)
            .Add(Hashing.Digest(scope.Encode())).Add(tC).ToArray();
}
