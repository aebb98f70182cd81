using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Phases;

/// <summary>
/// The checks a party that enforces a consent grant makes, the same at the public cloud and at the hospital cloud.
/// Their names are stable: the attack lab, the portal and the tests refer to them (docs/access.md#consent-grants).
/// </summary>
public static class GrantChecks
{
    public const string Signature = "Consent grant (patient-signed)";
    public const string Grantee = "Consent grant names this doctor";
    public const string Category = "Consent grant covers the department";
    public const string Purpose = "Consent grant purpose of use";
    public const string Window = "Consent grant time window";
    public const string NotRevoked = "Consent grant not revoked";
    public const string RevocationSignature = "Consent revocation (patient-signed)";

    /// <summary>
    /// Sig_PG under PUK_P, the grant names this patient, the doctor (or their department) is the grantee, ID_DE is one of
    /// its categories, the purpose is the one asked, now is inside its window, and it is not revoked. A hospital grantee is
    /// tested by <see cref="RequireHospital"/> once the hospital is known.
    /// </summary>
    internal static void Verify(ReceiveStep step, PartyCrypto crypto, SignedGrant signed, PublicKey patientKey, string patientId, string doctorId,
        string doctorDepartment, string departmentId, PurposeOfUse purpose, long now, ConsentRevocations revocations)
    {
        var grant = signed.Grant;
        step.Recovered("Grant_P", grant.ToString(), Sensitivity.Public);
        step.Require(grant.PatientId == patientId, null, Signature, $"Grant_P names {patientId}", "Grant_P names another patient than the search");
        step.RequireSignature(crypto, patientKey, grant.Encode(), signed.Signature, null, Signature, "Sig_PG verifies with PUK_P: the patient signed this grant",
            "Sig_PG does not verify with the patient's PUK_P: the grant is forged or altered", new PartyRef(PartyRole.Patient, patientId));
        if (grant.GranteeKind != GranteeKind.Hospital)
        {
            step.Require(grant.Covers(doctorId, doctorDepartment, ""), null, Grantee, $"the grant names {Describe(grant)}, which covers {doctorId}",
                $"the grant names {Describe(grant)}, not {doctorId} (Cert_D department {doctorDepartment})");
        }
        step.Require(grant.Allows(departmentId), null, Category, $"{departmentId} is among the grant's categories",
            $"the grant covers {(grant.AllDepartments ? "all departments" : string.Join(", ", grant.Departments))}, not {departmentId}");
        step.Require(grant.Purpose == purpose, null, Purpose, $"the grant allows {purpose}", $"the grant allows {grant.Purpose}, not {purpose}");
        step.Require(grant.IsInForce(now), null, Window, "now is inside [not-before, not-after)",
            now < grant.NotBefore
                ? $"the grant starts at {DateTimeOffset.FromUnixTimeMilliseconds(grant.NotBefore):u}"
                : $"the grant expired at {DateTimeOffset.FromUnixTimeMilliseconds(grant.NotAfter):u}");
        RequireNotRevoked(step, revocations, grant, "no revocation of this grant has reached this party");
    }

    /// <summary>A hospital grant covers only the hospital it names.</summary>
    internal static void RequireHospital(ReceiveStep step, ConsentGrant grant, string hospitalId)
    {
        if (grant.GranteeKind == GranteeKind.Hospital)
        {
            step.Require(grant.GranteeId == hospitalId, null, Grantee, $"the grant names {hospitalId}, which releases the record",
                $"the grant names hospital {grant.GranteeId}, but the record is at {hospitalId}");
        }
    }

    internal static void RequireNotRevoked(ReceiveStep step, ConsentRevocations revocations, ConsentGrant grant, string passReason)
    {
        var revoked = revocations.Find(grant.PatientId, grant.GrantId);
        step.Require(revoked is null, null, NotRevoked, passReason,
            $"the patient revoked this grant at {DateTimeOffset.FromUnixTimeMilliseconds(revoked?.RevokedAt ?? 0):u}");
    }

    private static string Describe(ConsentGrant grant) => grant.GranteeKind switch
    {
        GranteeKind.Doctor => $"doctor {grant.GranteeId}",
        GranteeKind.Department => $"the {grant.GranteeId} department",
        _ => $"hospital {grant.GranteeId}",
    };
}
