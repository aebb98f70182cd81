using EmrAuth.Domain.Messages;
using R4 = Hl7.Fhir.Model;

namespace EmrAuth.Web.Features.Fhir;

/// <summary>
/// A consent grant as an R4 Consent (docs/access.md#consent-grants): a privacy consent of the patient that permits the
/// grantee, for one purpose of use and period, the departments it names (or all), with the restricted label when the
/// grant names restricted entries. The patient-signed Grant_P ‖ Sig_PG travels as the source attachment, so a receiver
/// can check the signature; a revoked or expired grant is inactive.
/// </summary>
public static class FhirConsentMapping
{
    public const string GrantSystem = FhirTerms.Base + "/sid/consent-grant";
    public const string DepartmentSystem = FhirTerms.Base + "/CodeSystem/department";
    public const string PurposeSystem = FhirTerms.Base + "/CodeSystem/purpose-of-use";
    public const string Policy = FhirTerms.Base + "/policy/consent-grant";
    public const string ConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";
    public const string ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public const string Confidentiality = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

    public static R4.Consent Consent(GrantView grant, byte[] signedGrant) => new()
    {
        Id = $"grant-{grant.GrantId}",
        Identifier = [new R4.Identifier(GrantSystem, grant.GrantId)],
        Status = grant.Status is GrantStatus.Active or GrantStatus.Scheduled ? R4.Consent.ConsentState.Active : R4.Consent.ConsentState.Inactive,
        Scope = new R4.CodeableConcept(ConsentScope, "patient-privacy", "Privacy Consent"),
        Category = [new R4.CodeableConcept(FhirTerms.Loinc, "59284-0", "Patient Consent")],
        Patient = FhirRecordMapping.PatientRef(grant.PatientId),
        DateTimeElement = new R4.FhirDateTime(grant.CreatedAt),
        Policy = [new R4.Consent.PolicyComponent { Uri = Policy }],
        Source = new R4.Attachment
        {
            ContentType = "application/octet-stream",
            Data = signedGrant,
            Title = "Grant_P || Sig_PG (ECDSA P-256, signed with the patient's PRK_P)",
        },
        Provision = new R4.Consent.provisionComponent
        {
            Type = R4.Consent.ConsentProvisionType.Permit,
            Period = new R4.Period(new R4.FhirDateTime(grant.NotBefore), new R4.FhirDateTime(grant.RevokedAt is { } revoked && revoked < grant.NotAfter ? revoked : grant.NotAfter)),
            Actor =
            [
                new R4.Consent.provisionActorComponent
                {
                    Role = new R4.CodeableConcept(FhirTerms.ParticipationType, "IRCP", "information recipient"),
                    Reference = Grantee(grant),
                },
            ],
            Purpose = [grant.Purpose == PurposeOfUse.Treatment
                ? new R4.Coding(ActReason, "TREAT", "treatment")
                : new R4.Coding(PurposeSystem, "second-opinion", "Second opinion")],
            Code = [.. grant.Departments.Select(d => new R4.CodeableConcept(DepartmentSystem, d, d))],
            SecurityLabel = grant.IncludesRestricted ? [new R4.Coding(Confidentiality, "R", "restricted")] : [],
        },
    };

    /// <summary>The Practitioner or Organization a grant names; a department is named by display only (it is no resource here).</summary>
    private static R4.ResourceReference Grantee(GrantView grant) => grant.GranteeKind switch
    {
        GranteeKind.Doctor => FhirRecordMapping.DoctorRef(grant.GranteeId),
        GranteeKind.Hospital => new R4.ResourceReference($"Organization/{grant.GranteeId}"),
        _ => new R4.ResourceReference { Display = $"doctors of the {grant.GranteeId} department" },
    };
}
