using Firely.Fhir.Validation;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using R4 = Hl7.Fhir.Model;

namespace EmrAuth.Web.Features.Fhir;

/// <summary>One problem the validator found: severity, its message and where in the resource.</summary>
public sealed record FhirIssue(string Severity, string Message, string? Location)
{
    public bool IsError => Severity is "error" or "fatal";
}

/// <summary>
/// Validates resources against the R4 base specification with Firely's validator, offline: the profiles come from
/// the specification.zip of Hl7.Fhir.Specification.Data.R4 copied next to the assembly. Loading it takes seconds and
/// the specification never changes, so one validator serves the whole process, built on first use; it and its caches
/// are not thread-safe, so one validation runs at a time.
/// </summary>
public sealed class FhirValidator
{
    private static readonly Lazy<Validator> Shared = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lock Gate = new();

    public IReadOnlyList<FhirIssue> Validate(R4.Resource resource)
    {
        lock (Gate)
        {
            var outcome = Shared.Value.Validate(resource);
            return outcome.Issue
                .Where(i => i.Severity is not R4.OperationOutcome.IssueSeverity.Information)
                .Select(i => new FhirIssue(
                    i.Severity?.ToString().ToLowerInvariant() ?? "error",
                    i.Details?.Text ?? i.Diagnostics ?? i.Code?.ToString() ?? "unspecified problem",
                    i.Expression?.FirstOrDefault() ?? i.Location?.FirstOrDefault()))
                .ToList();
        }
    }

    private static Validator Create()
    {
        var resolver = new CachedResolver(new SnapshotSource(ZipSource.CreateValidationSource()));
        return new Validator(resolver, LocalTerminologyService.CreateDefaultForCore(resolver));
    }
}
