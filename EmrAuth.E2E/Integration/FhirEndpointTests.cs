using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmrAuth.E2E.Infrastructure;

namespace EmrAuth.E2E.Integration;

/// <summary>
/// The FHIR read endpoints over HTTP on the real app: each route × {anonymous, Patient, Doctor, HospitalAdmin,
/// CloudAdmin} answers the expected status, always as application/fhir+json, with a Bundle on 200 and an
/// OperationOutcome on 401/403/404. A /fhir route in the source without a row fails the matrix.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class FhirEndpointTests(WebAppFixture app)
{
    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode Unauthorized = HttpStatusCode.Unauthorized;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;
    private const HttpStatusCode NotFound = HttpStatusCode.NotFound;

    /// <summary>alice's record is at North General (admin.north), dan's at South University; "nobody" is no patient.</summary>
    private static readonly (string Route, string Path, HttpStatusCode Anonymous, HttpStatusCode Patient, HttpStatusCode Doctor, HttpStatusCode HospitalAdmin, HttpStatusCode CloudAdmin)[] Matrix =
    [
        ("/fhir/Patient/{id}/$everything", "/fhir/Patient/alice/$everything", Unauthorized, Ok, Forbidden, Ok, Forbidden),
        ("/fhir/Patient/{id}/$everything", "/fhir/Patient/dan/$everything", Unauthorized, Forbidden, Forbidden, Forbidden, Forbidden),
        ("/fhir/Patient/{id}/$everything", "/fhir/Patient/nobody/$everything", Unauthorized, Forbidden, Forbidden, NotFound, Forbidden),
        ("/fhir/AuditEvent", "/fhir/AuditEvent?patient=alice", Unauthorized, Ok, Forbidden, Forbidden, Ok),
        ("/fhir/AuditEvent", "/fhir/AuditEvent?patient=nobody", Unauthorized, Forbidden, Forbidden, Forbidden, NotFound),
        ("/fhir/AuditEvent", "/fhir/AuditEvent?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z", Unauthorized, Forbidden, Forbidden, Forbidden, Ok),
    ];

    private static readonly Dictionary<Visitor, string> Accounts = new()
    {
        [Visitor.Patient] = "alice",
        [Visitor.Doctor] = "dr.chen",
        [Visitor.HospitalAdmin] = "admin.north",
        [Visitor.CloudAdmin] = "cloud.admin",
    };

    public static TheoryData<string, Visitor> Cells() => Visitors.Cells(Matrix.Select(r => r.Path));

    [Fact]
    public void Every_fhir_route_in_the_source_has_rows()
    {
        var source = File.ReadAllText(Path.Combine(RepoPaths.Root, "EmrAuth.Web", "Features", "Fhir", "FhirEndpoints.cs"));
        var routes = RoutePattern().Matches(source).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.NotEmpty(routes);
        Assert.Equal(routes.Order(), Matrix.Select(r => r.Route).Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task A_fhir_endpoint_answers_each_visitor_as_the_matrix_says(string path, Visitor visitor)
    {
        var row = Matrix.Single(r => r.Path == path);
        var expected = visitor switch
        {
            Visitor.Anonymous => row.Anonymous,
            Visitor.Patient => row.Patient,
            Visitor.Doctor => row.Doctor,
            Visitor.HospitalAdmin => row.HospitalAdmin,
            _ => row.CloudAdmin,
        };
        using var client = new PortalClient(app.BaseUrl);
        if (visitor != Visitor.Anonymous)
        {
            await client.SignInAsync(Accounts[visitor]);
        }

        using var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected == Ok ? "Bundle" : "OperationOutcome", body.RootElement.GetProperty("resourceType").GetString());
    }

    [GeneratedRegex("Route = \"(/fhir[^\"]*)\"")]
    private static partial Regex RoutePattern();
}
