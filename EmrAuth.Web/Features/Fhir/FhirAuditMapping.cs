using System.Security.Cryptography;
using R4 = Hl7.Fhir.Model;

namespace EmrAuth.Web.Features.Fhir;

/// <summary>
/// Audit entries as AuditEvents shaped after IHE BALP: who (agent, requestor), what (subtype: our action), the
/// patient (entity, role Patient), the object (entity description), outcome, and the hash chain's position, previous
/// hash and hash as extensions. Every field the chain hashes is carried exactly, so a receiver recomputes each hash.
/// </summary>
public static class FhirAuditMapping
{
    public static R4.AuditEvent AuditEvent(AuditEntry entry)
    {
        var audit = new R4.AuditEvent
        {
            Id = $"audit-{entry.Sequence}",
            Type = entry.PatientId is null ? new R4.Coding(FhirTerms.Dicom, "110100", "Application Activity") : new R4.Coding(FhirTerms.Dicom, "110110", "Patient Record"),
            Subtype = [new R4.Coding(FhirTerms.AuditActionSystem, entry.Action, entry.Action)],
            Action = R4.AuditEvent.AuditEventAction.E,
            Recorded = DateTimeOffset.FromUnixTimeMilliseconds(entry.At.ToUnixTimeMilliseconds()),
            Outcome = entry.Outcome.StartsWith("Refused", StringComparison.Ordinal) ? R4.AuditEvent.AuditEventOutcome.N4 : R4.AuditEvent.AuditEventOutcome.N0,
            OutcomeDesc = entry.Outcome,
            // The account's user name, not a Reference: accounts are not FHIR resources, and a Reference without a
            // target fails ref-1 in the validator.
            Agent = [new R4.AuditEvent.AgentComponent { Name = entry.Actor, AltId = entry.Actor, Requestor = true }],
            Contained = [new R4.Device { Id = "portal", DeviceName = [new R4.Device.DeviceNameComponent { Name = "EmrAuth portal", Type = R4.DeviceNameType.UserFriendlyName }] }],
            Source = new R4.AuditEvent.SourceComponent
            {
                Site = "EmrAuth portal",
                Observer = new R4.ResourceReference("#portal", "EmrAuth portal"),
                Type = [new R4.Coding(FhirTerms.SourceType, "4", "Application Server")],
            },
            Entity = [new R4.AuditEvent.EntityComponent
            {
                Type = new R4.Coding(FhirTerms.EntityType, "2", "System Object"),
                Description = entry.Subject,
            }],
        };
        if (entry.PatientId is { } patientId)
        {
            audit.Entity.Add(new R4.AuditEvent.EntityComponent
            {
                What = new R4.ResourceReference($"Patient/{patientId}") { Identifier = new R4.Identifier(FhirTerms.PatientSystem, patientId) },
                Type = new R4.Coding(FhirTerms.EntityType, "1", "Person"),
                Role = new R4.Coding(FhirTerms.ObjectRole, "1", "Patient"),
            });
        }
        audit.Extension.Add(new R4.Extension(FhirTerms.ChainSequence, new R4.Integer(checked((int)entry.Sequence))));
        audit.Extension.Add(new R4.Extension(FhirTerms.ChainPreviousHash, new R4.Base64Binary(entry.PreviousHash)));
        audit.Extension.Add(new R4.Extension(FhirTerms.ChainHash, new R4.Base64Binary(entry.Hash)));
        return audit;
    }

    /// <summary>The audit entry an AuditEvent carries, with its chain fields, as the portal hashed it.</summary>
    public static AuditEntry EntryOf(R4.AuditEvent audit) => new()
    {
        Sequence = (Value<R4.Integer>(audit, FhirTerms.ChainSequence)?.Value) ?? 0,
        PreviousHash = Value<R4.Base64Binary>(audit, FhirTerms.ChainPreviousHash)?.Value ?? [],
        Hash = Value<R4.Base64Binary>(audit, FhirTerms.ChainHash)?.Value ?? [],
        At = audit.Recorded ?? DateTimeOffset.MinValue,
        Actor = audit.Agent.FirstOrDefault()?.Name ?? "",
        Action = audit.Subtype.FirstOrDefault()?.Code ?? "",
        Subject = audit.Entity.FirstOrDefault(e => e.Type?.Code == "2")?.Description ?? "",
        Outcome = audit.OutcomeDesc ?? "",
        PatientId = audit.Entity.FirstOrDefault(e => e.Role?.Code == "1")?.What?.Identifier?.Value,
    };

    private static T? Value<T>(R4.AuditEvent audit, string url) where T : R4.DataType =>
        audit.Extension.FirstOrDefault(e => e.Url == url)?.Value as T;

    /// <summary>
    /// Checks a feed as a SIEM would: every event's hash is SHA-256 of its own fields and previous hash, and each
    /// event's previous hash is the hash of the event before it. Returns the first problem, or null.
    /// </summary>
    public static string? VerifyChain(R4.Bundle feed)
    {
        AuditEntry? previous = null;
        foreach (var entry in feed.Entry.Select(e => e.Resource).OfType<R4.AuditEvent>().Select(EntryOf))
        {
            if (!CryptographicOperations.FixedTimeEquals(entry.Hash, AuditChain.HashOf(entry)))
            {
                return $"entry {entry.Sequence}: its fields do not match its hash";
            }
            if (previous is not null && (entry.Sequence != previous.Sequence + 1 || !CryptographicOperations.FixedTimeEquals(entry.PreviousHash, previous.Hash)))
            {
                return $"entry {entry.Sequence}: it does not follow entry {previous.Sequence}";
            }
            previous = entry;
        }
        return null;
    }
}
