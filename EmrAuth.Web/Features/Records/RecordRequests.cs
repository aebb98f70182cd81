using EmrAuth.Domain.Parties;

namespace EmrAuth.Web.Features.Records;

/// <summary>What the hospital admin's "New record" form asks the page to create.</summary>
public sealed record NewRecord(string PatientId, string DepartmentId, string Text);

/// <summary>An entry the hospital admin appends to a patient's record in one department.</summary>
public sealed record NewEntry(string PatientId, string DepartmentId, string Text);

/// <summary>The entry at <paramref name="Index"/> (oldest first) of a record, which the hospital admin marks restricted.</summary>
public sealed record EntryRef(string PatientId, string DepartmentId, int Index);

/// <summary>An entry from another system, with that system (meta.source) and the FHIR resource type it came as.</summary>
public sealed record ImportedEntry(RecordEntry Entry, string SourceSystem, string ResourceType);
