using System.Diagnostics;
using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;
using Xunit.Abstractions;

namespace EmrAuth.Tests.RecordMigration;

public class MigrationTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, string, string> Migrations => new()
    {
        { "patient-alice", "HPC-North", "HPC-South", World.Cardiology },
        { "patient-alice", "HPC-South", "HPC-North", World.Neurology },
        { "patient-bob", "HPC-South", "HPC-North", World.Cardiology },
        { "patient-carol", "HPC-North", "HPC-South", World.Neurology },
        { "patient-dan", "HPC-South", MigrationScene.East, World.Cardiology },
    };

    [Theory]
    [MemberData(nameof(Migrations))]
    public void An_honest_migration_moves_the_record_repoints_the_index_and_archives_the_source_copy(string patientId, string sourceId, string destinationId, string department)
    {
        using var scene = new MigrationScene();
        var before = MigrationContents.EncodeRecord(scene.Hospital(sourceId).FindRecord(patientId, department)!);
        Assert.Equal(sourceId, scene.IndexedHospital(patientId, department));

        var run = scene.Begin(patientId, sourceId, destinationId, department).RunToEnd();

        var failed = scene.Transcript.Verifications.Where(v => !v.Passed).ToList();
        Assert.True(failed.Count == 0, string.Join("; ", failed.Select(f => $"{f.Check}: {f.Reason}")));
        Assert.Equal(PatientMigration.Stage.Completed, run.PatientSide!.State);
        Assert.Equal(before, MigrationContents.EncodeRecord(scene.Hospital(destinationId).FindRecord(patientId, department)!));
        Assert.Null(scene.Hospital(sourceId).FindRecord(patientId, department));
        var archived = scene.Hospital(sourceId).FindArchivedRecord(patientId, department)!;
        Assert.Equal(destinationId, archived.MigratedTo);
        Assert.Equal(before, MigrationContents.EncodeRecord(archived.Record));
        Assert.Equal(destinationId, scene.IndexedHospital(patientId, department));
        Assert.Equal(ProofUse.Consumed, run.Source.UseOf(run.PatientSide.Proof!.Nonce));
        Assert.Equal(ProofUse.Consumed, run.Destination.UseOf(run.PatientSide.Proof.Nonce));
        Assert.Empty(run.Destination.StagedRecords);
        Assert.Single(scene.Deployment.Hospitals.Values, h => h.FindRecord(patientId, department) is not null);
        // Π and every clear part carry PS_P, never ID_P.
        var patientIdBytes = System.Text.Encoding.UTF8.GetBytes(patientId);
        Assert.DoesNotContain(scene.Transcript.Messages.Where(m => m.Phase == Phase.Migration).SelectMany(m => m.Parts),
            p => p.Kind == PartKind.Clear && p.Bytes!.AsSpan().IndexOf(patientIdBytes) >= 0);
    }

    [Fact]
    public void Two_migrations_back_and_forth_leave_one_served_copy_where_the_index_points()
    {
        using var scene = new MigrationScene();
        scene.Begin("patient-bob", "HPC-South", "HPC-North", World.Cardiology).RunToEnd();
        scene.Clock.Advance(TimeSpan.FromMinutes(1));
        scene.Begin("patient-bob", "HPC-North", "HPC-South", World.Cardiology).RunToEnd();
        Assert.Equal("HPC-South", scene.IndexedHospital("patient-bob", World.Cardiology));
        Assert.NotNull(scene.Hospital("HPC-South").FindRecord("patient-bob", World.Cardiology));
        Assert.Null(scene.Hospital("HPC-North").FindRecord("patient-bob", World.Cardiology));
        Assert.Equal("HPC-South", scene.Hospital("HPC-North").FindArchivedRecord("patient-bob", World.Cardiology)!.MigratedTo);
        Assert.DoesNotContain(scene.Transcript.Verifications, v => !v.Passed);
    }

    [Fact]
    public void After_migration_a_doctors_EMR_search_gets_the_record_from_the_destination_and_filing_goes_there()
    {
        using var scene = new MigrationScene();
        var original = scene.Hospital("HPC-North").FindRecord("patient-alice", World.Cardiology)!.Entries[0].Text;
        scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunToEnd();

        var visit = new Visit(scene.Deployment, scene.Deployment.Patients["patient-alice"], scene.Deployment.Doctors["dr-chen"], scene.Transcript);
        visit.Consult("HR 70");
        var record = visit.SearchRecord(World.Cardiology);
        visit.Diagnose("Stable after migration.");

        Assert.Equal("HPC-South", visit.Search!.HospitalId);
        Assert.Contains(original, record);
        Assert.Equal("Stable after migration.", scene.Hospital("HPC-South").FindRecord("patient-alice", World.Cardiology)!.Entries[^1].Text);
        Assert.Single(scene.Hospital("HPC-North").FindArchivedRecord("patient-alice", World.Cardiology)!.Record.Entries);
    }

    [Theory]
    [InlineData(MigrationHop.M1, "TTPH")]
    [InlineData(MigrationHop.M2, "HPC-North")]
    [InlineData(MigrationHop.M5, "HPC-North")]
    [InlineData(MigrationHop.M6, "HPC-South")]
    [InlineData(MigrationHop.M7, "HPC-North")]
    [InlineData(MigrationHop.M8, "HPC-South")]
    public void A_replayed_message_is_refused_by_the_replay_cache(MigrationHop hop, string verifier)
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunUntil(hop);
        var message = run.Pending;
        run.Deliver(message);
        MigrationScene.AssertRefused(() => scene.Receive(run, hop, message), "Replay cache", verifier);
    }

    [Fact]
    public void An_expired_proof_is_refused_by_the_source()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunUntil(MigrationHop.M5);
        scene.Clock.Advance(scene.Network.Ttph.ProofValidity + TimeSpan.FromSeconds(1));
        MigrationScene.AssertRefused(() => run.Deliver(run.Pending), "Π validity window", "HPC-North");
        Assert.Null(run.Source.UseOf(run.PatientSide!.Proof!.Nonce));
    }

    [Fact]
    public void A_transfer_that_arrives_after_the_proof_expired_is_refused_by_the_destination()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunUntil(MigrationHop.M5);
        scene.Clock.Advance(scene.Network.Ttph.ProofValidity - TimeSpan.FromSeconds(5));
        run.Deliver(run.Pending);
        scene.Clock.Advance(TimeSpan.FromSeconds(10));
        MigrationScene.AssertRefused(() => run.Deliver(run.Pending), "Π validity window", "HPC-South");
    }

    public static TheoryData<int> ProofFields => new() { 0, 1, 2, 3, 4, 5, 6, 7, 8 };

    [Theory]
    [MemberData(nameof(ProofFields))]
    public void An_altered_proof_fails_Sig_TTPH_at_the_source(int field)
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunUntil(MigrationHop.M5);
        var message = run.Pending;
        var altered = message.WithPart(field, Flip.MiddleByte.Apply(message.Parts()[field].Bytes!));
        MigrationScene.AssertRefused(() => run.Deliver(altered), "Verify Sig_TTPH with PUK_TTPH", "HPC-North");
        run.Deliver(message);
        Assert.Equal(MigrationHop.M6, run.Next);
    }

    [Theory]
    [MemberData(nameof(ProofFields))]
    public void An_altered_proof_fails_Sig_TTPH_at_the_destination_and_the_patient(int field)
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunUntil(MigrationHop.M4);
        var issue = run.Pending;
        MigrationScene.AssertRefused(() => run.Deliver(issue.WithPart(field, Flip.Byte0Bit0.Apply(issue.Parts()[field].Bytes!))),
            "Verify Sig_TTPH with PUK_TTPH", "patient-alice");
        run.RunUntil(MigrationHop.M6);
        var transfer = run.Pending;
        MigrationScene.AssertRefused(() => run.Deliver(transfer.WithPart(field, Flip.LastByteBit0.Apply(transfer.Parts()[field].Bytes!))),
            "Verify Sig_TTPH with PUK_TTPH", "HPC-South");
        run.RunToEnd();
    }

    [Fact]
    public void A_proof_presented_to_another_source_is_refused()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunUntil(MigrationHop.M5);
        MigrationScene.AssertRefused(() => scene.Receive(run, MigrationHop.M5, run.Pending, MigrationScene.East), "ID_S = this hospital", MigrationScene.East);
    }

    [Fact]
    public void A_transfer_delivered_to_a_hospital_other_than_the_destination_is_refused()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunUntil(MigrationHop.M6);
        MigrationScene.AssertRefused(() => scene.Receive(run, MigrationHop.M6, run.Pending, MigrationScene.East), "ID_D = this hospital", MigrationScene.East);
        Assert.Empty(scene.Network.Endpoints[MigrationScene.East].StagedRecords);
        run.RunToEnd();
    }

    [Fact]
    public void A_proof_is_usable_once()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunToEnd();
        scene.Clock.Advance(TimeSpan.FromSeconds(1));
        MigrationScene.AssertRefused(() => scene.Receive(run, MigrationHop.M5, run.PatientSide!.Present()), "Proof unused", "HPC-North");
    }

    [Fact]
    public void A_revoked_source_certificate_is_refused_by_the_TTPH()
    {
        using var scene = new MigrationScene();
        scene.Network.Ttph.Authority.Revoke(scene.Network.Endpoints["HPC-North"].Certificate.Serial, "key compromise");
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology);
        MigrationScene.AssertRefused(() => run.Deliver(run.Pending), "Cert_S legal", "TTPH");
        Assert.Equal(0, scene.Network.Ttph.PendingDelegations);
    }

    [Fact]
    public void A_revoked_destination_certificate_is_refused_by_the_TTPH()
    {
        using var scene = new MigrationScene();
        scene.Network.Ttph.Authority.Revoke(scene.Network.Endpoints["HPC-South"].Certificate.Serial, "closed");
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology);
        MigrationScene.AssertRefused(() => run.Deliver(run.Pending), "Cert_D legal", "TTPH");
    }

    [Fact]
    public void A_destination_revoked_after_the_proof_was_issued_is_refused_by_the_source()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunUntil(MigrationHop.M5);
        scene.Network.Ttph.Authority.Revoke(run.Destination.Certificate.Serial, "closed");
        MigrationScene.AssertRefused(() => run.Deliver(run.Pending), "Cert_D legal", "HPC-North");
        AssertStillAtSource(scene, run);
    }

    [Fact]
    public void A_source_revoked_before_the_transfer_arrives_is_refused_by_the_destination()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunUntil(MigrationHop.M6);
        scene.Network.Ttph.Authority.Revoke(run.Source.Certificate.Serial, "key compromise");
        MigrationScene.AssertRefused(() => run.Deliver(run.Pending), "Cert_S legal", "HPC-South");
        Assert.True(run.Source.CancelTransfer(run.PatientSide!.Proof!));
        AssertStillAtSource(scene, run);
    }

    [Fact]
    public void A_tampered_record_ciphertext_fails_decryption_at_the_destination()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunUntil(MigrationHop.M6);
        var transfer = run.Pending;
        var altered = transfer.WithPart(10, Flip.MiddleByte.Apply(transfer.Parts()[10].Bytes!));
        MigrationScene.AssertRefused(() => run.Deliver(altered), "Decrypt C_EHR with PRK_D", "HPC-South");
        var resigned = transfer.WithPart(11, Flip.MiddleByte.Apply(transfer.Parts()[11].Bytes!));
        MigrationScene.AssertRefused(() => run.Deliver(resigned), "Verify Sig_M6 with Cert_S key", "HPC-South");
        run.Deliver(transfer);
        run.RunToEnd();
    }

    [Fact]
    public void A_record_changed_after_the_digest_was_taken_is_refused_by_the_source()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunUntil(MigrationHop.M5);
        scene.Hospital("HPC-North").AppendEntry("patient-alice", World.Cardiology, new RecordEntry(scene.Clock.GetUtcNow(), "HPC-North", "Late lab result."));
        MigrationScene.AssertRefused(() => run.Deliver(run.Pending), "h(EHR) = Π's h(EHR)", "HPC-North");
        AssertStillAtSource(scene, run);
        // A new proof over the current record succeeds, and carries the late entry.
        scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunToEnd();
        Assert.Equal("Late lab result.", scene.Hospital("HPC-South").FindRecord("patient-alice", World.Cardiology)!.Entries[^1].Text);
    }

    [Fact]
    public void A_delegation_not_signed_by_the_patient_is_refused()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology);
        var request = run.Pending;
        MigrationScene.AssertRefused(() => run.Deliver(request.WithPart(1, Flip.MiddleByte.Apply(request.Parts()[1].Bytes!))), "Verify Sig_M1 with PUK_P", "TTPH");
        MigrationScene.AssertRefused(() => run.Deliver(request.WithPart(0, Flip.MiddleByte.Apply(request.Parts()[0].Bytes!))), "Decrypt C_M1 with PRK_TTPH", "TTPH");
    }

    [Fact]
    public void A_migration_to_the_same_hospital_is_refused()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-North", World.Cardiology);
        MigrationScene.AssertRefused(() => run.Deliver(run.Pending), "ID_S ≠ ID_D", "TTPH");
    }

    [Fact]
    public void A_migration_of_a_record_the_source_does_not_serve_is_refused_at_M2()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-South", "HPC-North", World.Cardiology).RunUntil(MigrationHop.M2);
        MigrationScene.AssertRefused(() => run.Deliver(run.Pending), "Record held", "HPC-South");
    }

    [Theory]
    [InlineData(MigrationHop.M1)]
    [InlineData(MigrationHop.M2)]
    [InlineData(MigrationHop.M3)]
    [InlineData(MigrationHop.M4)]
    [InlineData(MigrationHop.M5)]
    [InlineData(MigrationHop.M6)]
    [InlineData(MigrationHop.M7)]
    public void An_interrupted_migration_leaves_the_record_served_at_the_source_and_a_fresh_one_succeeds(MigrationHop stopBefore)
    {
        using var scene = new MigrationScene();
        var interrupted = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunUntil(stopBefore);
        if (stopBefore != MigrationHop.M1)
        {
            _ = interrupted.Pending;
        }
        AssertStillAtSource(scene, interrupted);

        scene.Clock.Advance(TimeSpan.FromSeconds(40));
        var fresh = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunToEnd();
        Assert.Equal(PatientMigration.Stage.Completed, fresh.PatientSide!.State);
        Assert.Equal("HPC-South", scene.IndexedHospital("patient-alice", World.Cardiology));
        Assert.Single(scene.Deployment.Hospitals.Values, h => h.FindRecord("patient-alice", World.Cardiology) is not null);
        Assert.Empty(fresh.Destination.StagedRecords);
        Assert.DoesNotContain(scene.Transcript.Verifications, v => !v.Passed);
    }

    [Fact]
    public void The_stale_messages_of_a_superseded_migration_are_refused()
    {
        using var scene = new MigrationScene();
        var old = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunUntil(MigrationHop.M7);
        var staleReceipt = old.Pending;
        scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunToEnd();
        MigrationScene.AssertRefused(() => old.Deliver(staleReceipt), "Transfer pending for h(Π)", "HPC-North");
        Assert.Equal("HPC-South", scene.IndexedHospital("patient-alice", World.Cardiology));
    }

    [Fact]
    public void After_the_commit_point_a_lost_M8_is_resent_and_nothing_is_lost_or_duplicated()
    {
        using var scene = new MigrationScene();
        var run = scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunUntil(MigrationHop.M8);
        _ = run.Pending; // M8 is lost
        // In doubt: the source has archived its copy, the destination holds the verified copy staged; nobody serves two.
        Assert.Null(scene.Hospital("HPC-North").FindRecord("patient-alice", World.Cardiology));
        Assert.NotNull(scene.Hospital("HPC-North").FindArchivedRecord("patient-alice", World.Cardiology));
        Assert.Single(run.Destination.StagedRecords);
        Assert.Null(scene.Hospital("HPC-South").FindRecord("patient-alice", World.Cardiology));

        scene.Clock.Advance(TimeSpan.FromMinutes(2));
        var registration = run.Destination.ReceiveCommit(run.Source.ResendCommit(run.PatientSide!.Proof!), scene.Transcript);
        scene.Deployment.Cloud.AcceptIndexRegistration(registration, scene.Transcript);
        Assert.NotNull(scene.Hospital("HPC-South").FindRecord("patient-alice", World.Cardiology));
        Assert.Equal("HPC-South", scene.IndexedHospital("patient-alice", World.Cardiology));
        Assert.Empty(run.Destination.StagedRecords);
    }

    [Fact]
    public void One_honest_migration_costs_nine_messages_plus_the_index_registration()
    {
        using var scene = new MigrationScene();
        var parties = new List<Party> { scene.Network.Ttph, scene.Deployment.Cloud, scene.Deployment.Patients["patient-bob"] };
        parties.AddRange(scene.Deployment.Hospitals.Values);
        foreach (var party in parties)
        {
            party.Operations.Reset();
        }
        // Warm up .NET's key objects so the timing below is the protocol, not first-use imports.
        scene.Begin("patient-alice", "HPC-North", "HPC-South", World.Cardiology).RunToEnd();
        foreach (var party in parties)
        {
            party.Operations.Reset();
        }
        var transcript = new SessionTranscript("cost");
        var watch = Stopwatch.StartNew();
        scene.Network.Begin("patient-bob", "HPC-South", "HPC-North", World.Cardiology, transcript).RunToEnd();
        watch.Stop();

        var migration = transcript.Messages.Where(m => m.Phase == Phase.Migration).ToList();
        Assert.Equal(
            ["C_M1, Sig_M1, T_M1", "C_M2, Sig_M2, T_M2", "PS_P, h(EHR), N_TTPH, Sig_M3, T_M3",
             "PS_P, ID_S, ID_D, ID_DE, h(EHR), T_nb, T_na, N_TTPH, Sig_TTPH, T_M4",
             "PS_P, ID_S, ID_D, ID_DE, h(EHR), T_nb, T_na, N_TTPH, Sig_TTPH, Sig_M5, T_M5",
             "PS_P, ID_S, ID_D, ID_DE, h(EHR), T_nb, T_na, N_TTPH, Sig_TTPH, Cert_S, C_EHR, Sig_M6, T_M6",
             "h(Π), Sig_M7, T_M7", "h(Π), Sig_M8, T_M8", "Cert_D, h(Π), Sig_M7, T_M7"],
            migration.Select(m => m.Name));
        Assert.Equal(10, transcript.Messages.Count());
        Assert.DoesNotContain(transcript.Verifications, v => !v.Passed);

        foreach (var m in transcript.Messages)
        {
            output.WriteLine($"{m.Phase,-9} M{m.Step} {m.Sender.Id,-14} → {m.Receiver.Id,-14} {m.Size,5} B = {m.Size * 8,6} bit  {m.Name}");
            output.WriteLine("            " + string.Join(", ", m.Parts.Select(p => $"{p.Name}:{p.Size}")));
        }
        var bits = migration.Sum(m => m.Size) * 8;
        var indexBits = transcript.Messages.Where(m => m.Phase != Phase.Migration).Sum(m => m.Size) * 8;
        output.WriteLine($"Communication: {bits} bits in {migration.Count} migration messages (+ {indexBits} bits index registration)");
        foreach (var operation in Enum.GetValues<Operation>())
        {
            var perParty = parties.Select(p => (p.Id, Count: p.Operations.Get(Phase.Migration, operation))).Where(x => x.Count > 0).ToList();
            if (perParty.Count > 0)
            {
                output.WriteLine($"{operation,-26} {perParty.Sum(x => x.Count),3}  ({string.Join(", ", perParty.Select(x => $"{x.Id} {x.Count}"))})");
            }
        }
        var total = parties.Sum(p => Enum.GetValues<Operation>().Sum(o => p.Operations.Get(Phase.Migration, o)));
        var indexing = parties.Sum(p => Enum.GetValues<Operation>().Sum(o => p.Operations.Get(Phase.Indexing, o)));
        output.WriteLine($"Operations: {total} in Phase.Migration (+ {indexing} in Phase.Indexing for the index registration)");
        output.WriteLine($"Wall time of the whole in-process run (all parties, one thread): {watch.Elapsed.TotalMilliseconds:0.0} ms");
    }

    private static void AssertStillAtSource(MigrationScene scene, EhrMigration run)
    {
        Assert.NotNull(scene.Hospital(run.SourceId).FindRecord(run.Patient.Id, run.DepartmentId));
        Assert.Null(scene.Hospital(run.SourceId).FindArchivedRecord(run.Patient.Id, run.DepartmentId));
        Assert.Null(scene.Hospital(run.DestinationId).FindRecord(run.Patient.Id, run.DepartmentId));
        Assert.Equal(run.SourceId, scene.IndexedHospital(run.Patient.Id, run.DepartmentId));
    }
}
