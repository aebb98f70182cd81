using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Migration;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.RecordMigration;

/// <summary>Endpoint and TTPH state across a restart (export, restore) and the clean-up of what can no longer matter.</summary>
public class MigrationStateTests
{
    private const string North = "HPC-North";
    private const string South = "HPC-South";

    [Fact]
    public void Restored_endpoints_finish_a_migration_whose_commit_was_lost_at_the_commit_point()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", North, South, World.Cardiology).RunUntil(MigrationHop.M8);
        var proof = run.PatientSide!.Proof!;
        var source = Restart(scene, North);
        var destination = Restart(scene, South);

        Assert.Single(destination.StagedRecords);
        Assert.Equal([proof.NonceHex], source.CommitsOwed.Select(p => p.NonceHex));
        Assert.Equal(ProofUse.Consumed, source.UseOf(proof.Nonce));
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        scene.Deployment.Cloud.AcceptIndexRegistration(destination.ReceiveCommit(source.ResendCommit(proof), scene.Transcript), scene.Transcript);

        Assert.NotNull(scene.Hospital(South).FindRecord("patient-alice", World.Cardiology));
        Assert.Equal(South, scene.IndexedHospital("patient-alice", World.Cardiology));
        Assert.Equal(ProofUse.Consumed, destination.UseOf(proof.Nonce));
        Assert.DoesNotContain(scene.Transcript.Verifications, v => !v.Passed);
    }

    [Fact]
    public void A_restored_source_still_refuses_a_consumed_proof()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", North, South, World.Cardiology).RunToEnd();
        var source = Restart(scene, North);
        scene.Clock.Advance(TimeSpan.FromSeconds(1));
        MigrationScene.AssertRefused(() => source.ReceiveProofPresentation(run.PatientSide!.Present(), run.Patient.Ref, scene.Transcript), "Proof unused", North);
    }

    [Fact]
    public void A_malformed_state_is_refused_and_changes_nothing()
    {
        using var scene = new MigrationScene();
        scene.Begin("patient-alice", North, South, World.Cardiology).RunUntil(MigrationHop.M7);
        var destination = scene.Network.Endpoints[South];
        var state = destination.ExportState();
        Assert.Throws<MalformedMessageException>(() => destination.RestoreState(state[..^3]));
        Assert.Throws<MalformedMessageException>(() => scene.Network.Ttph.RestoreUsedNonces(state));
        Assert.Single(destination.StagedRecords);
    }

    [Fact]
    public void Clean_up_forgets_the_staged_copy_and_reservation_of_an_interrupted_migration_once_its_proof_expired()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", North, South, World.Cardiology).RunUntil(MigrationHop.M7);
        var nonce = run.PatientSide!.Proof!.Nonce;

        Assert.Equal(0, scene.Network.PruneExpired().Total);
        Assert.Single(run.Destination.StagedRecords);

        scene.Clock.Advance(scene.Network.Ttph.ProofValidity + scene.Deployment.Options.FreshnessWindow + TimeSpan.FromSeconds(1));
        var cleanup = scene.Network.PruneExpired();

        Assert.Equal((2, 1, 0, 1), (cleanup.Proofs, cleanup.StagedTransfers, cleanup.DeliveredCommits, cleanup.TtphEntries));
        Assert.Empty(run.Destination.StagedRecords);
        Assert.Empty(run.Source.Reservations);
        Assert.Null(run.Source.UseOf(nonce));
        Assert.Null(run.Destination.UseOf(nonce));
        Assert.NotNull(scene.Hospital(North).FindRecord("patient-alice", World.Cardiology));
        Assert.Equal(0, scene.Network.PruneExpired().Total);
    }

    [Fact]
    public void Clean_up_keeps_a_staged_copy_whose_commit_is_owed_and_forgets_the_commit_once_delivered()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", North, South, World.Cardiology).RunUntil(MigrationHop.M8);
        _ = run.Pending; // M8 is lost
        scene.Clock.Advance(scene.Network.Ttph.ProofValidity + TimeSpan.FromMinutes(5));

        var first = scene.Network.PruneExpired();
        Assert.Equal(0, first.StagedTransfers);
        Assert.Single(run.Destination.StagedRecords);
        Assert.Single(run.Source.CommitsOwed);

        var proof = run.PatientSide!.Proof!;
        scene.Deployment.Cloud.AcceptIndexRegistration(run.Destination.ReceiveCommit(run.Source.ResendCommit(proof), scene.Transcript), scene.Transcript);
        var second = scene.Network.PruneExpired();

        Assert.Equal(1, second.DeliveredCommits);
        Assert.Empty(run.Source.CommitsOwed);
        Assert.Empty(run.Destination.StagedRecords);
        Assert.NotNull(scene.Hospital(South).FindRecord("patient-alice", World.Cardiology));
    }

    [Fact]
    public void The_TTPH_keeps_used_nonces_across_a_restart_until_they_are_stale()
    {
        using var scene = new MigrationScene();
        scene.Begin("patient-alice", North, South, World.Cardiology).RunToEnd();
        var exported = scene.Network.Ttph.ExportUsedNonces();
        using var restored = new TrustedThirdPartyHospital("TTPH", scene.Deployment.Cloud.Bulletin, scene.Clock, scene.Deployment.Options);
        restored.RestoreUsedNonces(exported);
        Assert.Equal(exported, restored.ExportUsedNonces());

        scene.Clock.Advance(2 * scene.Deployment.Options.FreshnessWindow + TimeSpan.FromSeconds(1));
        Assert.Equal(1, restored.PruneExpired());
        Assert.Equal(0, restored.PruneExpired());
    }

    /// <summary>A fresh endpoint for the same hospital and Cert_H, loaded from the old one's export, as after a restart.</summary>
    private static MigrationEndpoint Restart(MigrationScene scene, string hospitalId)
    {
        var old = scene.Network.Endpoints[hospitalId];
        var state = old.ExportState();
        var fresh = scene.Network.Attach(old.Hospital, old.Certificate);
        fresh.RestoreState(state);
        Assert.Equal(state.Length, fresh.ExportState().Length);
        return fresh;
    }
}
