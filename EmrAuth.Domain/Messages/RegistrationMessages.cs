using System.Text;
using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Messages;

/// <summary>
/// A registration request over the paper's secure channel: (ID_P, B_P), (ID_HPC) or (ID_D, Cert_D).
/// B_P is a value the device derived from the biometric secret; it is still never shown. An escrow-free request
/// also carries R_U = k_U·P, the requester's contribution (<see cref="KeyIssuance.EscrowFree"/>).
/// </summary>
public sealed record RegistrationRequest(PartyRole Role, string Id, byte[]? BiometricPassword, DoctorCertificate? Certificate, long SentAt)
    : ProtocolMessage
{
    /// <summary>R_U = k_U·P for escrow-free issuance; null for the paper's issuance.</summary>
    public CurvePoint? RequesterPoint { get; init; }

    public KeyIssuance Issuance => RequesterPoint is null ? KeyIssuance.Escrowed : KeyIssuance.EscrowFree;

    public override long Timestamp => SentAt;

    /// <summary>extra_X of the issuance hash: B_P, Cert_D, or nothing for a hospital.</summary>
    public byte[]? IssuanceExtra => Role switch
    {
        PartyRole.Patient => BiometricPassword,
        PartyRole.Doctor => Certificate?.Encode(),
        _ => null,
    };

    public override IReadOnlyList<MessagePart> Parts()
    {
        var idName = Role switch { PartyRole.Patient => "ID_P", PartyRole.Doctor => "ID_D", _ => "ID_HPC" };
        var parts = new List<MessagePart> { MessagePart.Of(idName, PartKind.Clear, Encoding.UTF8.GetBytes(Id)) };
        if (BiometricPassword is not null)
        {
            parts.Add(MessagePart.Hidden("B_P", BiometricPassword.Length));
        }
        if (Certificate is not null)
        {
            parts.Add(MessagePart.Of("Cert_D", PartKind.Clear, Certificate.Encode()));
        }
        if (RequesterPoint is not null)
        {
            parts.Add(MessagePart.Of("R_U", PartKind.Clear, RequesterPoint.Encode()));
        }
        return parts;
    }

    public override ProtocolMessage WithPart(int index, byte[] bytes) =>
        throw new NotSupportedException("Registration travels over a secure channel; it is not tampered with in transit.");
}

/// <summary>
/// Public cloud → registrant over the secure channel: (R_X, S_X), Eqs. 2–3, 5–6, 8–9. In an escrow-free grant S is
/// the reconstruction value w = k_C + e_X·s, from which only the holder of k_U obtains S_X = k_U + w.
/// </summary>
public sealed record RegistrationGrant(PartyRole Role, CurvePoint R, Scalar S, long SentAt) : ProtocolMessage
{
    public KeyIssuance Issuance { get; init; } = KeyIssuance.Escrowed;

    public override long Timestamp => SentAt;

    private string Suffix => Role switch { PartyRole.Patient => "P", PartyRole.Doctor => "D", _ => "HPC" };

    public override IReadOnlyList<MessagePart> Parts() =>
    [
        MessagePart.Of($"R_{Suffix}1", PartKind.Clear, R.Encode()),
        MessagePart.Hidden(Issuance == KeyIssuance.EscrowFree ? $"w_{Suffix}" : $"S_{Suffix}", Curve.ScalarLength),
    ];

    public override ProtocolMessage WithPart(int index, byte[] bytes) => index switch
    {
        0 => this with { R = CurvePoint.Decode(bytes) },
        1 => this with { S = Scalar.FromBytes(bytes) },
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };
}

/// <summary>
/// Hospital cloud → public cloud when it stores a record (docs/protocol.md#d-emr-index): (ID_HPC, h(ID_P || ID_DE), Sig_HPC0, T_HPC0).
/// </summary>
public sealed record IndexRegistration(string HospitalId, byte[] IndexKey, byte[] Signature, long SentAt) : ProtocolMessage
{
    public override long Timestamp => SentAt;

    public override IReadOnlyList<MessagePart> Parts() =>
    [
        MessagePart.Of("ID_HPC", PartKind.Clear, Encoding.UTF8.GetBytes(HospitalId)),
        MessagePart.Of("h(ID_P||ID_DE)", PartKind.Clear, IndexKey),
        MessagePart.Of("Sig_HPC0", PartKind.Signature, Signature),
        MessagePart.Of("T_HPC0", PartKind.Timestamp, TimestampBytes(SentAt)),
    ];

    public override ProtocolMessage WithPart(int index, byte[] bytes) => index switch
    {
        0 => this with { HospitalId = Encoding.UTF8.GetString(bytes) },
        1 => this with { IndexKey = bytes },
        2 => this with { Signature = bytes },
        3 => this with { SentAt = ReadTimestamp(bytes) },
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };
}

/// <summary>
/// Architecture step 4: doctor → public cloud → hospital cloud, (ID_HPC, C_D6, T_D6). C_D6 = E_PUK_HPC(ID_P ||
/// ID_DE || M_DINF || k || ID_D || Cert_D || T_D6 || Sig_D6), with Sig_D6 (over c = h(k || M_DINF)) and k inside, so
/// only the hospital can link it and open the commitment. In the hardened profile the route travels sealed instead:
/// (C_R, C_D6, T_D6), C_R = E_PUK_C(ID_HPC), which only the public cloud opens; the public cloud relays the message
/// unchanged (docs/hardened-profile.md).
/// </summary>
public sealed record DiagnosisFiling(string? HospitalId, byte[] Ciphertext, long SentAt) : ProtocolMessage
{
    /// <summary>Hardened profile: C_R = E_PUK_C(ID_HPC) in place of the clear ID_HPC; null in the paper's profile.</summary>
    public byte[]? SealedRoute { get; init; }

    public override long Timestamp => SentAt;

    public override IReadOnlyList<MessagePart> Parts() =>
    [
        SealedRoute is null
            ? MessagePart.Of("ID_HPC", PartKind.Clear, Encoding.UTF8.GetBytes(HospitalId ?? ""))
            : MessagePart.Of("C_R", PartKind.Ciphertext, SealedRoute),
        MessagePart.Of("C_D6", PartKind.Ciphertext, Ciphertext),
        MessagePart.Of("T_D6", PartKind.Timestamp, TimestampBytes(SentAt)),
    ];

    public override ProtocolMessage WithPart(int index, byte[] bytes) => index switch
    {
        0 when SealedRoute is not null => this with { SealedRoute = bytes },
        0 => this with { HospitalId = Encoding.UTF8.GetString(bytes) },
        1 => this with { Ciphertext = bytes },
        2 => this with { SentAt = ReadTimestamp(bytes) },
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };
}

/// <summary>What the public cloud's relay of a filing yields: the hospital it goes to, and the message it forwards.</summary>
public sealed record FilingRoute(string HospitalId, DiagnosisFiling Message);
