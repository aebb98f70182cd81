using System.Globalization;
using System.Text;
using R4 = Hl7.Fhir.Model;

namespace EmrAuth.Web.Features.Fhir;

/// <summary>
/// The read endpoints, FHIR style, behind the portal's cookie sign-in: a Bundle as application/fhir+json, or an
/// OperationOutcome with 401 (not signed in), 403 (the service refused, and audited it), 404 (no such patient) or
/// 400 (a bad range). The services decide who may read what; these endpoints only translate their answers.
/// </summary>
public static class FhirEndpoints
{
    public const string EverythingRoute = "/fhir/Patient/{id}/$everything";
    public const string AuditEventRoute = "/fhir/AuditEvent";

    /// <summary>With <paramref name="download"/>, the response is a file the browser saves.</summary>
    public static string EverythingPath(string patientId, bool download = false) =>
        $"/fhir/Patient/{Uri.EscapeDataString(patientId)}/$everything{(download ? "?download=true" : "")}";

    public static string AuditEventsPath(string patientId) => $"{AuditEventRoute}?patient={Uri.EscapeDataString(patientId)}";

    public static string AuditFeedPath(DateTimeOffset from, DateTimeOffset to) =>
        $"{AuditEventRoute}?from={Utc(from)}&to={Utc(to)}&download=true";

    public static IEndpointRouteBuilder MapFhirEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Anonymous callers reach the handler so that they get FHIR's 401 OperationOutcome, not the sign-in page; the service refuses them.
        endpoints.MapGet(EverythingRoute, (string id, bool? download, FhirExport export, HttpContext http) =>
                RespondAsync(http, () => export.EverythingAsync(id), download == true ? $"{id}-record.fhir.json" : null))
            .UseHttpUser()
            .AllowAnonymous();
        endpoints.MapGet(AuditEventRoute, (string? patient, DateTimeOffset? from, DateTimeOffset? to, bool? download, FhirExport export, HttpContext http) =>
                RespondAsync(http, async () => patient is not null
                        ? await export.AuditEventsAsync(patient)
                        : await export.AuditFeedAsync(from ?? DateTimeOffset.UnixEpoch, to ?? DateTimeOffset.UtcNow.AddMinutes(1)),
                    download == true ? $"audit-{(patient ?? "feed")}.fhir.json" : null))
            .UseHttpUser()
            .AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> RespondAsync(HttpContext http, Func<Task<R4.Bundle?>> read, string? fileName)
    {
        try
        {
            if (await read() is not { } bundle)
            {
                return Outcome(StatusCodes.Status404NotFound, R4.OperationOutcome.IssueType.NotFound, "No such patient.");
            }
            var json = FhirIds.ToJson(bundle);
            return fileName is null
                ? Results.Text(json, FhirTerms.ContentType, Encoding.UTF8)
                : Results.File(Encoding.UTF8.GetBytes(json), FhirTerms.ContentType, fileName);
        }
        catch (AccessDeniedException e)
        {
            return http.User.ToSignedInUser() is null
                ? Outcome(StatusCodes.Status401Unauthorized, R4.OperationOutcome.IssueType.Login, e.Message)
                : Outcome(StatusCodes.Status403Forbidden, R4.OperationOutcome.IssueType.Forbidden, e.Message);
        }
        catch (PortalValidationException e)
        {
            return Outcome(StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Invalid, e.Message);
        }
    }

    private static IResult Outcome(int status, R4.OperationOutcome.IssueType type, string message) => Results.Text(
        FhirIds.ToJson(new R4.OperationOutcome
        {
            Issue = [new R4.OperationOutcome.IssueComponent { Severity = R4.OperationOutcome.IssueSeverity.Error, Code = type, Diagnostics = message }],
        }),
        FhirTerms.ContentType, Encoding.UTF8, status);

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
