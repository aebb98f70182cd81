using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Migration;

/// <summary>A deployment with a TTPH: every certified hospital holds a Cert_H for its PUK_HPC and a migration endpoint.</summary>
public sealed class MigrationDeployment : IDisposable
{
    public MigrationDeployment(Deployment deployment, string ttphId = "TTPH", TimeSpan? certificateValidity = null)
        : this(deployment.Cloud, new TrustedThirdPartyHospital(ttphId, deployment.Cloud.Bulletin, deployment.Clock, deployment.Options), certificateValidity)
    {
        Deployment = deployment;
        foreach (var hospital in deployment.Hospitals.Values)
        {
            Enroll(hospital);
        }
    }

    /// <summary>A network around an existing TTPH (the portal's, rebuilt from storage); hospitals join with <see cref="Enroll"/> or <see cref="Attach"/>.</summary>
    public MigrationDeployment(PublicCloud cloud, TrustedThirdPartyHospital ttph, TimeSpan? certificateValidity = null)
    {
        Cloud = cloud;
        Ttph = ttph;
        CertificateValidity = certificateValidity ?? TimeSpan.FromDays(365);
    }

    /// <summary>The in-process deployment this network was built from, if any.</summary>
    public Deployment? Deployment { get; }

    public PublicCloud Cloud { get; }

    public TrustedThirdPartyHospital Ttph { get; }

    public TimeSpan CertificateValidity { get; }

    public Dictionary<string, MigrationEndpoint> Endpoints { get; } = [];

    /// <summary>
    /// The TTPH certifies a registered hospital's PUK_HPC (Cert_H) and the hospital joins the migration network. A
    /// hospital already in the network (e.g. after a revocation) keeps its endpoint state and presents the new Cert_H.
    /// </summary>
    public MigrationEndpoint Enroll(HospitalCloud hospital)
    {
        var certificate = Ttph.Authority.Issue(hospital.Id, hospital.RequireCredentials().PublicKey, CertificateValidity);
        if (Endpoints.TryGetValue(hospital.Id, out var existing))
        {
            existing.Certificate = certificate;
            return existing;
        }
        return Attach(hospital, certificate);
    }

    /// <summary>Joins a hospital with a Cert_H issued earlier (restored from storage).</summary>
    public MigrationEndpoint Attach(HospitalCloud hospital, HospitalCertificate certificate)
    {
        var endpoint = new MigrationEndpoint(hospital, certificate, Ttph.Anchor);
        Endpoints[hospital.Id] = endpoint;
        return endpoint;
    }

    public EhrMigration Begin(string patientId, string sourceId, string destinationId, string departmentId, IProtocolEventSink sink) =>
        Begin((Deployment ?? throw new InvalidOperationException("This network has no in-process deployment; pass the patient.")).Patients[patientId],
            sourceId, destinationId, departmentId, sink);

    public EhrMigration Begin(Patient patient, string sourceId, string destinationId, string departmentId, IProtocolEventSink sink) =>
        new(this, patient, sourceId, destinationId, departmentId, sink);

    /// <summary>
    /// Clean-up: each endpoint forgets proofs whose window has closed (plus ΔT), the reservations and staged copies under
    /// them, and the commits it owed once the destination consumed the proof; the TTPH forgets stale N_P and
    /// delegations. A staged copy whose source owes its commit is kept: after M7 it is the only copy to be served.
    /// In one process the deployment sees both sides; across a network the destination would acknowledge M8.
    /// </summary>
    public MigrationCleanup PruneExpired()
    {
        var delivered = 0;
        foreach (var source in Endpoints.Values)
        {
            delivered += source.ForgetDeliveredCommits(p => Endpoints.TryGetValue(p.DestinationId, out var d) && d.UseOf(p.Nonce) == ProofUse.Consumed);
        }
        var owed = Endpoints.Values.SelectMany(e => e.CommitsOwed).Select(p => p.NonceHex).ToHashSet();
        var proofs = 0;
        var staged = 0;
        foreach (var endpoint in Endpoints.Values)
        {
            var (p, s) = endpoint.PruneExpired(p => owed.Contains(p.NonceHex));
            proofs += p;
            staged += s;
        }
        return new MigrationCleanup(proofs, staged, delivered, Ttph.PruneExpired());
    }

    public void Dispose() => Ttph.Dispose();
}

/// <summary>What a clean-up removed: proof states, staged copies, owed commits found delivered, TTPH nonces and delegations.</summary>
public sealed record MigrationCleanup(int Proofs, int StagedTransfers, int DeliveredCommits, int TtphEntries)
{
    public int Total => Proofs + StagedTransfers + DeliveredCommits + TtphEntries;
}
