namespace EmrAuth.Web.Features.Records;

/// <summary>What the hospital admin's "New record" form asks the page to create.</summary>
public sealed record NewRecord(string PatientId, string DepartmentId, string Text);

/// <summary>An entry the hospital admin appends to a patient's record in one department.</summary>
public sealed record NewEntry(string PatientId, string DepartmentId, string Text);
