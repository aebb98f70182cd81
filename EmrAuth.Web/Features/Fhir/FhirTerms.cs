namespace EmrAuth.Web.Features.Fhir;

/// <summary>The systems, codes and extension URLs of the portal's FHIR R4 resources (docs/fhir.md lists them).</summary>
public static class FhirTerms
{
    public const string ContentType = "application/fhir+json";

    /// <summary>The base the bundles' fullUrls and relative references resolve against.</summary>
    public const string Base = "https://emrauth.example/fhir";

    public const string PatientSystem = Base + "/sid/patient";
    public const string DoctorSystem = Base + "/sid/doctor";
    public const string HospitalSystem = Base + "/sid/hospital";
    public const string VisitSystem = Base + "/sid/visit";
    public const string AuditActionSystem = Base + "/CodeSystem/audit-action";

    public const string ChainSequence = Base + "/StructureDefinition/audit-chain-sequence";
    public const string ChainPreviousHash = Base + "/StructureDefinition/audit-chain-previous-hash";
    public const string ChainHash = Base + "/StructureDefinition/audit-chain-hash";
    public const string SignatureAlgorithm = Base + "/StructureDefinition/signature-algorithm";
    public const string SignerKey = Base + "/StructureDefinition/signer-key";
    public const string SignedStatement = Base + "/StructureDefinition/signed-statement";
    public const string CommitmentKey = Base + "/StructureDefinition/diagnosis-commitment-key";

    /// <summary>Where a record written in this portal comes from (Resource.meta.source).</summary>
    public static string SourceOf(string hospitalId) => $"urn:emrauth:hospital:{hospitalId}";

    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Dicom = "http://dicom.nema.org/resources/ontology/DCM";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    public const string ProvenanceAgentType = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    public const string SignatureType = "urn:iso-astm:E1762-95:2013";
    public const string EntityType = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    public const string ObjectRole = "http://terminology.hl7.org/CodeSystem/object-role";
    public const string SourceType = "http://terminology.hl7.org/CodeSystem/security-source-type";
    public const string JoseAlgorithms = "https://www.iana.org/assignments/jose";
}
