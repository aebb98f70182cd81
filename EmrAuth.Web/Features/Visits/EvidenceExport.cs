using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Evidence;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Visits;

/// <summary>A visit's evidence file, named for download.</summary>
public sealed record EvidenceFile(string FileName, byte[] Content, int Signatures);

/// <summary>
/// Exports a visit's signatures as one tar file that OpenSSL alone can check (EmrAuth.Domain.Evidence): every
/// signature the visit's parties accepted, plus the doctor's Cert_D, the signed directory and the revocation list, and
/// the deployment's trust document (<see cref="DeploymentTrust"/>), which verify.sh matches to a fingerprint given to it.
/// Who may export is who may open the visit (<see cref="Viewer.MayOpen(VisitSummary)"/>).
/// </summary>
public sealed class EvidenceExport(IDbContextFactory<EmrAuthDbContext> dbFactory, VisitQueries queries, ProtocolHost host, DeploymentTrust trust, AuditLog audit, CurrentUser currentUser)
{
    public const string ContentType = "application/x-tar";

    /// <summary>The evidence of a visit, or null when there is no such visit; refused when the account may not open it.</summary>
    public async Task<EvidenceFile?> ExportAsync(Guid visitId)
    {
        var visit = await queries.FindAsync(visitId);
        if (visit is null || await currentUser.GetAsync() is not { } user)
        {
            return null;
        }
        var accepted = (await queries.EventsAsync(visitId)).OfType<VerificationView>()
            .Where(v => v.Passed && v.Evidence is not null)
            .Select(v => new EvidenceEntry(v.Evidence!, $"{v.Reference} ({v.Check}) by {v.Verifier} at {v.At:O}"));
        await using var db = await dbFactory.CreateDbContextAsync();
        var certificates = await db.Certificates.Where(c => c.DoctorId == visit.DoctorId).OrderBy(c => c.NotBefore).ToListAsync();
        var (entries, document) = await host.RunSharedAsync(() =>
        {
            var authority = new PartyRef(PartyRole.MedicalAuthority, ProtocolHost.AuthorityName);
            var cloud = new PartyRef(PartyRole.PublicCloud, ProtocolHost.CloudId);
            var published = certificates.Select(c => new EvidenceEntry(
                    SignatureEvidence.Of(DoctorCertificate.Decode(c.Encoded), authority, host.Bulletin.AuthorityKey), $"Cert_D {c.Serial} of {c.DoctorId}, as the medical authority issued it"))
                .Append(new EvidenceEntry(SignatureEvidence.Of(host.Bulletin.Directory, cloud, host.Bulletin.CloudKey), "the public cloud's directory at export time"))
                .Append(new EvidenceEntry(SignatureEvidence.Of(host.Bulletin.Revocations, authority, host.Bulletin.AuthorityKey), "the medical authority's revocation list at export time"));
            return Task.FromResult((accepted.Concat(published).ToList(), trust.Document()!));
        });
        var exportedAt = host.Clock.GetUtcNow();
        var content = EvidenceBundle.Write(visitId.ToString(), exportedAt, entries, document);
        audit.Add(db, user.UserName, "Evidence exported", $"visit {visitId}", $"{entries.Count} signatures", visit.PatientId);
        await db.SaveChangesAsync();
        return new EvidenceFile($"{EvidenceBundle.FolderName(visitId.ToString())}.tar", content, entries.Count);
    }
}

public static class EvidenceEndpoints
{
    public const string Route = "/visits/{id:guid}/evidence";

    public static string PathOf(Guid visitId) => $"/visits/{visitId}/evidence";

    /// <summary>GET the evidence file; 404 for a visit that does not exist or that the account may not open (the refusal is audited).</summary>
    public static IEndpointRouteBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, async (Guid id, EvidenceExport export) =>
            {
                try
                {
                    return await export.ExportAsync(id) is { } file
                        ? Results.File(file.Content, EvidenceExport.ContentType, file.FileName)
                        : Results.NotFound();
                }
                catch (AccessDeniedException)
                {
                    // Not 403: whether someone else's visit exists is not the caller's business.
                    return Results.NotFound();
                }
            })
            .UseHttpUser()
            .RequireAuthorization(policy => policy.RequireRole(Roles.Patient, Roles.Doctor, Roles.HospitalAdmin, Roles.CloudAdmin));
        return endpoints;
    }
}
