using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using R4 = Hl7.Fhir.Model;

namespace EmrAuth.Web.Features.Fhir;

/// <summary>One entry of a record as stored, with where it came from (null source: written in this portal).</summary>
public sealed record FhirRecordEntry(long RowId, string HospitalId, string DepartmentId, DateTimeOffset At, string Author, string Text,
    byte[]? Signature, string? SourceSystem, string? ImportedAs, byte[]? CommitmentKey = null)
{
    /// <summary>A diagnosis: filed by a doctor with Sig_D6, or imported as a Condition.</summary>
    public bool IsDiagnosis => Signature is not null || ImportedAs == nameof(R4.Condition);
}

/// <summary>
/// Maps the portal's concepts to R4 resources: the patient, the doctors, each visit as an Encounter, the smart
/// device's readings as LOINC-coded Observations, record entries as DocumentReferences, diagnoses as Conditions,
/// and each doctor's Sig_D6 as a Provenance a receiver can check.
/// </summary>
public static partial class FhirRecordMapping
{
    // The portal's device writes "; " between readings; older transcripts and the tests' fixed readings use ", ".
    [GeneratedRegex(@"^HR (?<hr>\d+) bpm[;,] BP (?<sys>\d+)/(?<dia>\d+) mmHg[;,] SpO2 (?<spo2>\d+) %[;,] ECG: (?<ecg>.+)$")]
    private static partial Regex ReadingsPattern();

    public static R4.ResourceReference PatientRef(string patientId) => new($"Patient/{patientId}");

    public static R4.ResourceReference DoctorRef(string doctorId) => new($"Practitioner/{doctorId}");

    public static R4.Patient Patient(string patientId, string displayName) => new()
    {
        Id = patientId,
        Identifier = [new R4.Identifier(FhirTerms.PatientSystem, patientId)],
        Name = [new R4.HumanName { Text = displayName }],
    };

    public static R4.Organization Organization(string hospitalId, string displayName) => new()
    {
        Id = hospitalId,
        Identifier = [new R4.Identifier(FhirTerms.HospitalSystem, hospitalId)],
        Name = displayName,
    };

    public static R4.Practitioner Practitioner(string doctorId, string displayName) => new()
    {
        Id = doctorId,
        Identifier = [new R4.Identifier(FhirTerms.DoctorSystem, doctorId)],
        Name = [new R4.HumanName { Text = displayName }],
    };

    /// <summary>A visit: the patient's consultation with a doctor, served by a hospital when the EMR search ran.</summary>
    public static R4.Encounter Encounter(VisitSummary visit) => new()
    {
        Id = $"visit-{visit.Id}",
        Identifier = [new R4.Identifier(FhirTerms.VisitSystem, visit.Id.ToString())],
        Status = visit.Status switch
        {
            VisitStatus.Requested => R4.Encounter.EncounterStatus.Planned,
            VisitStatus.Consulting or VisitStatus.Searching or VisitStatus.RecordRead => R4.Encounter.EncounterStatus.InProgress,
            VisitStatus.Diagnosed => R4.Encounter.EncounterStatus.Finished,
            VisitStatus.Refused => R4.Encounter.EncounterStatus.Cancelled,
            _ => R4.Encounter.EncounterStatus.Unknown,
        },
        Class = new R4.Coding(FhirTerms.ActCode, "VR", "virtual"),
        Subject = PatientRef(visit.PatientId),
        Participant = [new R4.Encounter.ParticipantComponent { Individual = DoctorRef(visit.DoctorId) }],
        Period = new R4.Period(new R4.FhirDateTime(visit.StartedAt), visit.Status is VisitStatus.Diagnosed or VisitStatus.Refused or VisitStatus.Failed or VisitStatus.Interrupted
            ? new R4.FhirDateTime(visit.UpdatedAt) : null),
        ServiceProvider = visit.HospitalId is { } hospital ? new R4.ResourceReference($"Organization/{hospital}") : null,
        ReasonCode = visit.DepartmentId is { } department ? [new R4.CodeableConcept { Text = $"consultation in {department}" }] : [],
    };

    /// <summary>
    /// The smart device's readings M_SD ("HR 72 bpm; BP 121/79 mmHg; SpO2 98 %; ECG: …") as four Observations:
    /// heart rate (LOINC 8867-4), the blood pressure panel (85354-9 with 8480-6 and 8462-4), SpO2 (59408-5) and the
    /// ECG summary as a narrative observation (11524-6). Text in another shape yields nothing.
    /// </summary>
    public static IEnumerable<R4.Observation> Readings(VisitSummary visit, int index, DateTimeOffset at, string readings)
    {
        if (ReadingsPattern().Match(readings) is not { Success: true } m)
        {
            yield break;
        }
        var id = $"{index}-{visit.Id}";
        yield return Vital(visit, $"hr-{id}", at, "8867-4", "Heart rate", o => o.Value = Quantity(m.Groups["hr"].Value, "/min", "beats/minute"));
        yield return Vital(visit, $"bp-{id}", at, "85354-9", "Blood pressure panel with all children optional", o => o.Component =
        [
            new R4.Observation.ComponentComponent { Code = Loinc("8480-6", "Systolic blood pressure"), Value = Quantity(m.Groups["sys"].Value, "mm[Hg]", "mmHg") },
            new R4.Observation.ComponentComponent { Code = Loinc("8462-4", "Diastolic blood pressure"), Value = Quantity(m.Groups["dia"].Value, "mm[Hg]", "mmHg") },
        ]);
        yield return Vital(visit, $"spo2-{id}", at, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", o => o.Value = Quantity(m.Groups["spo2"].Value, "%", "%"));
        var ecg = m.Groups["ecg"].Value;
        yield return Vital(visit, $"ecg-{id}", at, "11524-6", "EKG study", o =>
        {
            o.Category = [new R4.CodeableConcept(FhirTerms.ObservationCategory, "procedure", "Procedure")];
            o.Value = new R4.FhirString(ecg);
            o.Text = Narrative($"ECG (smart device): {ecg}");
        });
    }

    /// <summary>An entry a hospital wrote (or imported as a note): the text as an inline plain-text attachment.</summary>
    public static R4.DocumentReference Note(string patientId, FhirRecordEntry entry) => new()
    {
        Id = $"entry-{entry.RowId}",
        Contained = AuthorAsGiven(entry),
        Meta = new R4.Meta { Source = entry.SourceSystem ?? FhirTerms.SourceOf(entry.HospitalId) },
        Status = R4.DocumentReferenceStatus.Current,
        Subject = PatientRef(patientId),
        Date = Milliseconds(entry.At),
        Author = [AuthorRef(entry)],
        Description = $"{entry.DepartmentId} record entry",
        Content = [new R4.DocumentReference.ContentComponent
        {
            Attachment = new R4.Attachment { ContentType = "text/plain; charset=utf-8", Data = Encoding.UTF8.GetBytes(entry.Text) },
        }],
    };

    /// <summary>A diagnosis: its text, the visit it was made in, and the doctor who signed it (or the author as given).</summary>
    public static R4.Condition Diagnosis(string patientId, FhirRecordEntry entry, Guid? visitId) => new()
    {
        Id = $"entry-{entry.RowId}",
        Contained = AuthorAsGiven(entry),
        Meta = new R4.Meta { Source = entry.SourceSystem ?? FhirTerms.SourceOf(entry.HospitalId) },
        Category = [new R4.CodeableConcept(FhirTerms.ConditionCategory, "encounter-diagnosis", "Encounter Diagnosis")],
        Code = new R4.CodeableConcept { Text = entry.Text },
        Subject = PatientRef(patientId),
        Encounter = visitId is { } id ? new R4.ResourceReference($"Encounter/visit-{id}") : null,
        RecordedDate = Milliseconds(entry.At).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
        Asserter = AuthorRef(entry),
        Note = [new R4.Annotation { Text = new R4.Markdown($"Filed in {entry.DepartmentId}") }],
    };

    /// <summary>
    /// Who signed a filed diagnosis: Sig_D6 (r||s, ES256) over "Sig_D6" || ID_P || ID_DE || c || ID_D || T_D6 with
    /// c = h(k || M_DINF), with the doctor's PUK_D as SubjectPublicKeyInfo and the commitment key k: the export goes to
    /// the patient or their hospital, who hold k anyway, so a receiver can rebuild c and the signed bytes from the
    /// Condition and check it (docs/protocol.md#d-diagnosis-commitment).
    /// </summary>
    public static R4.Provenance Signature(string patientId, FhirRecordEntry entry, byte[] signerKey)
    {
        var signature = new R4.Signature
        {
            Type = [new R4.Coding(FhirTerms.SignatureType, "1.2.840.10065.1.12.1.1", "Author's Signature")],
            When = entry.At,
            Who = DoctorRef(entry.Author),
            TargetFormat = "text/plain",
            SigFormat = "application/octet-stream",
            Data = entry.Signature,
        };
        signature.Extension.Add(new R4.Extension(FhirTerms.SignatureAlgorithm, new R4.Coding(FhirTerms.JoseAlgorithms, "ES256", "ECDSA using P-256 and SHA-256 (r||s)")));
        signature.Extension.Add(new R4.Extension(FhirTerms.SignerKey, new R4.Base64Binary(signerKey)));
        if (entry.CommitmentKey is { } key)
        {
            signature.Extension.Add(new R4.Extension(FhirTerms.CommitmentKey, new R4.Base64Binary(key)));
        }
        signature.Extension.Add(new R4.Extension(FhirTerms.SignedStatement, new R4.FhirString(
            $"Sig_D6 over the length-prefixed fields \"Sig_D6\" || {patientId} || {entry.DepartmentId} || c || {entry.Author} || {entry.At.ToUnixTimeMilliseconds()} (T_D6, ms), c = SHA-256 of the length-prefixed fields k (the commitment-key extension) || the Condition's code.text")));
        return new R4.Provenance
        {
            Id = $"sig-{entry.RowId}",
            Target = [new R4.ResourceReference($"Condition/entry-{entry.RowId}")],
            Recorded = entry.At,
            Agent = [new R4.Provenance.AgentComponent
            {
                Type = new R4.CodeableConcept(FhirTerms.ProvenanceAgentType, "author", "Author"),
                Who = DoctorRef(entry.Author),
            }],
            Signature = [signature],
        };
    }

    /// <summary>
    /// Who wrote an entry, with the stored author as display so an import keeps it exactly: the signing doctor, the
    /// hospital that wrote it here, or (imported) a contained Practitioner named as the source system gave it.
    /// </summary>
    private static R4.ResourceReference AuthorRef(FhirRecordEntry entry) => new(
        entry.Signature is not null ? $"Practitioner/{entry.Author}" : entry.SourceSystem is null ? $"Organization/{entry.Author}" : "#author", entry.Author);

    private static List<R4.Resource> AuthorAsGiven(FhirRecordEntry entry) => entry.Signature is null && entry.SourceSystem is not null
        ? [new R4.Practitioner { Id = "author", Name = [new R4.HumanName { Text = entry.Author }] }]
        : [];

    private static R4.Observation Vital(VisitSummary visit, string id, DateTimeOffset at, string loinc, string display, Action<R4.Observation> fill)
    {
        var observation = new R4.Observation
        {
            Id = id,
            Status = R4.ObservationStatus.Final,
            Category = [new R4.CodeableConcept(FhirTerms.ObservationCategory, "vital-signs", "Vital Signs")],
            Code = Loinc(loinc, display),
            Subject = PatientRef(visit.PatientId),
            Encounter = new R4.ResourceReference($"Encounter/visit-{visit.Id}"),
            Effective = new R4.FhirDateTime(at),
        };
        fill(observation);
        return observation;
    }

    /// <summary>The portal keeps ticks; FHIR receivers and the audit chain keep milliseconds.</summary>
    private static DateTimeOffset Milliseconds(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()).ToOffset(at.Offset);

    private static R4.CodeableConcept Loinc(string code, string display) => new(FhirTerms.Loinc, code, display) { Text = display };

    private static R4.Quantity Quantity(string value, string ucum, string unit) =>
        new() { Value = decimal.Parse(value, CultureInfo.InvariantCulture), Unit = unit, System = FhirTerms.Ucum, Code = ucum };

    private static R4.Narrative Narrative(string text) => new()
    {
        Status = R4.Narrative.NarrativeStatus.Generated,
        Div = $"<div xmlns=\"http://www.w3.org/1999/xhtml\">{System.Net.WebUtility.HtmlEncode(text)}</div>",
    };
}
