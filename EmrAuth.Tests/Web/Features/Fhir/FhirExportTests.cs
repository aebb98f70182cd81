using System.Security.Cryptography;
using EmrAuth.Domain.Messages;
using EmrAuth.Web.Features.Fhir;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Fhir;

/// <summary>
/// The FHIR exports of a real portal after a full visit (readings, EMR search, signed diagnosis): every resource
/// validates against R4 with Firely's validator offline, the codes are the ones docs/fhir.md names, the doctor's
/// Sig_D6 checks from the Provenance alone, the audit feed's chain verifies from its extensions, and each export is audited.
/// </summary>
public sealed class FhirExportTests(FhirExportTests.World world) : IClassFixture<FhirExportTests.World>
{
    public sealed class World : IAsyncLifetime
    {
        public PortalHarness Portal { get; private set; } = null!;

        public Guid VisitId { get; private set; }

        public async Task InitializeAsync()
        {
            Portal = await PortalHarness.StartAsync();
            VisitId = await CompleteVisitAsync(Portal);
        }

        public async Task DisposeAsync() => await Portal.DisposeAsync();
    }

    private readonly FhirValidator _validator = new();

    private static IEnumerable<R4.Resource> Resources(R4.Bundle bundle) => bundle.Entry.Select(e => e.Resource!);

    [Fact]
    public async Task The_patients_export_holds_the_record_the_visit_the_readings_the_signature_and_the_log_and_every_resource_is_valid_R4()
    {
        var bundle = await world.Portal.As("alice").Get<FhirExport>().EverythingAsync("alice");

        Assert.NotNull(bundle);
        var types = Resources(bundle).GroupBy(r => r.TypeName).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, types["Patient"]);
        Assert.Equal(1, types["Practitioner"]);
        Assert.Equal(1, types["Encounter"]);
        Assert.Equal(4, types["Observation"]);
        Assert.Equal(1, types["DocumentReference"]);
        Assert.Equal(1, types["Condition"]);
        Assert.Equal(1, types["Provenance"]);
        Assert.True(types["AuditEvent"] >= 3);
        foreach (var resource in Resources(bundle).Append(bundle))
        {
            var errors = _validator.Validate(resource).Where(i => i.IsError).ToList();
            Assert.True(errors.Count == 0, $"{resource.TypeName}/{resource.Id}: {string.Join("; ", errors.Select(e => $"{e.Message} at {e.Location}"))}");
        }
    }

    [Fact]
    public async Task Readings_are_LOINC_coded_observations_of_the_visit()
    {
        var bundle = (await world.Portal.As("alice").Get<FhirExport>().EverythingAsync("alice"))!;
        var observations = Resources(bundle).OfType<R4.Observation>().ToDictionary(o => o.Code.Coding[0].Code!);

        Assert.Equal(88m, ((R4.Quantity)observations["8867-4"].Value!).Value);
        var bp = observations["85354-9"].Component.ToDictionary(c => c.Code.Coding[0].Code!, c => ((R4.Quantity)c.Value!).Value);
        Assert.Equal(142m, bp["8480-6"]);
        Assert.Equal(91m, bp["8462-4"]);
        Assert.Equal(97m, ((R4.Quantity)observations["59408-5"].Value!).Value);
        Assert.Equal("ST depression V4-V6 (smart-watch 07:42)", ((R4.FhirString)observations["11524-6"].Value!).Value);
        Assert.All(observations.Values, o => Assert.Equal($"Encounter/visit-{world.VisitId}", o.Encounter!.Reference));
        var condition = Resources(bundle).OfType<R4.Condition>().Single();
        Assert.Equal(Diagnosis, condition.Code!.Text);
        Assert.Equal($"Encounter/visit-{world.VisitId}", condition.Encounter!.Reference);
    }

    [Fact]
    public async Task A_receiver_checks_the_doctors_signature_from_the_provenance_and_the_condition_alone()
    {
        var bundle = (await world.Portal.As("alice").Get<FhirExport>().EverythingAsync("alice"))!;
        var provenance = Resources(bundle).OfType<R4.Provenance>().Single();
        var condition = Resources(bundle).OfType<R4.Condition>().Single(c => $"Condition/{c.Id}" == provenance.Target[0].Reference);
        var signature = provenance.Signature.Single();
        var key = ((R4.Base64Binary)signature.Extension.Single(e => e.Url == FhirTerms.SignerKey).Value!).Value!;
        Assert.Equal("ES256", ((R4.Coding)signature.Extension.Single(e => e.Url == FhirTerms.SignatureAlgorithm).Value!).Code);
        Assert.Equal("Practitioner/dr-chen", ((R4.ResourceReference)signature.Who!).Reference);

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key, out _);
        var k = ((R4.Base64Binary)signature.Extension.Single(e => e.Url == FhirTerms.CommitmentKey).Value!).Value!;
        byte[] Signed(string diagnosis) => SignedContents.Filing("alice", "cardiology", SignedContents.DiagnosisCommitment(k, diagnosis), "dr-chen",
            signature.When!.Value.ToUnixTimeMilliseconds());
        Assert.True(ecdsa.VerifyData(Signed(condition.Code!.Text!), signature.Data!, HashAlgorithmName.SHA256));
        Assert.False(ecdsa.VerifyData(Signed(condition.Code.Text + " (edited)"), signature.Data!, HashAlgorithmName.SHA256));
    }

    [Fact]
    public async Task The_hospital_exports_its_record_and_visits_but_not_the_patients_readings_or_log_and_the_export_is_audited()
    {
        var bundle = (await world.Portal.As("admin.north").Get<FhirExport>().EverythingAsync("alice"))!;

        var types = Resources(bundle).Select(r => r.TypeName).ToHashSet();
        Assert.Contains("Condition", types);
        Assert.Contains("Encounter", types);
        Assert.DoesNotContain("Observation", types);
        Assert.DoesNotContain("AuditEvent", types);
        Assert.All(Resources(bundle), r => Assert.DoesNotContain(_validator.Validate(r), i => i.IsError));
        await using var db = world.Portal.OpenDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Actor == "admin.north" && a.Action == "FHIR export" && a.PatientId == "alice" && !a.Outcome.StartsWith("Refused")));
    }

    [Theory]
    [InlineData("bob", "alice")]
    [InlineData("admin.south", "alice")]
    public async Task Someone_elses_record_is_refused_and_the_refusal_reaches_the_patients_log(string userName, string patientId)
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.Portal.As(userName).Get<FhirExport>().EverythingAsync(patientId));

        await using var db = world.Portal.OpenDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Actor == userName && a.Action == "FHIR export" && a.PatientId == patientId && a.Outcome.StartsWith("Refused")));
    }

    [Fact]
    public async Task The_audit_feed_verifies_from_its_extensions_and_a_changed_field_breaks_it()
    {
        var clock = world.Portal.Clock.GetUtcNow();
        var feed = await world.Portal.AsCloud().Get<FhirExport>().AuditFeedAsync(clock.AddDays(-1), clock.AddDays(1));

        var events = Resources(feed).OfType<R4.AuditEvent>().ToList();
        Assert.True(events.Count > 10);
        Assert.Null(FhirAuditMapping.VerifyChain(feed));
        Assert.All(events.Take(20), e => Assert.DoesNotContain(_validator.Validate(e), i => i.IsError));

        events[5].OutcomeDesc += " (edited)";
        Assert.Equal($"entry {FhirAuditMapping.EntryOf(events[5]).Sequence}: its fields do not match its hash", FhirAuditMapping.VerifyChain(feed));
    }

    [Fact]
    public async Task Only_the_cloud_admin_exports_the_feed_and_a_reversed_range_is_a_clear_error()
    {
        var now = world.Portal.Clock.GetUtcNow();
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.Portal.As("admin.north").Get<FhirExport>().AuditFeedAsync(now.AddDays(-1), now));
        var error = await Assert.ThrowsAsync<PortalValidationException>(() => world.Portal.AsCloud().Get<FhirExport>().AuditFeedAsync(now, now.AddDays(-1)));
        Assert.Equal("The end of the range must come after its start.", error.Message);
    }
}
