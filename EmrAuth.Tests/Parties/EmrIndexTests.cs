using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Parties;

/// <summary>
/// The hardened index (docs/protocol.md#g-index-mask): records sealed with AES-GCM under a key derived from s, a fresh nonce per record and
/// h(ID_P || ID_DE) as associated data. The paper's shared-mask leak is pinned in DirectoryTests.
/// </summary>
public sealed class EmrIndexTests
{
    private static readonly ProtocolOptions Hardened = new() { Profile = ProtocolProfile.Hardened };

    [Fact]
    public void Two_records_no_longer_xor_leak_and_one_known_record_unmasks_nothing()
    {
        using var deployment = World.Build(ManualClock.StartingNow(), Hardened);
        var records = deployment.Cloud.Index.MaskedRecords;
        var north = records[Key("patient-alice", World.Cardiology)];
        var south = records[Key("patient-bob", World.Cardiology)];
        var sameHospital = records[Key("patient-dan", World.Cardiology)];

        Assert.Equal(ProtocolProfile.Hardened, deployment.Cloud.Index.Form);
        // Same plaintext (HPC-South, no doctor yet), different stored bytes: fresh nonces.
        Assert.Equal(Plain("HPC-South").Length + AeadCipher.NonceLength + AeadCipher.TagLength, south.Length);
        Assert.NotEqual(south, sameHospital);
        // The XOR of two stored ciphertexts is not the XOR of their plaintexts (the paper's leak, pinned in DirectoryTests).
        var plainXor = Xor(Plain("HPC-North"), Plain("HPC-South"));
        Assert.NotEqual(plainXor, Xor(north[AeadCipher.NonceLength..], south[AeadCipher.NonceLength..])[..plainXor.Length]);
        // A "mask" recovered from one known record does not unmask another.
        var guessedMask = Xor(north[AeadCipher.NonceLength..][..Plain("HPC-North").Length], Plain("HPC-North"));
        Assert.NotEqual(Plain("HPC-South"), Xor(sameHospital[AeadCipher.NonceLength..][..guessedMask.Length], guessedMask));
    }

    [Fact]
    public void Storing_the_same_content_twice_uses_a_fresh_nonce()
    {
        using var deployment = World.Build(ManualClock.StartingNow(), Hardened);
        var index = deployment.Cloud.Index;
        var key = EmrIndex.KeyOf("patient-alice", World.Cardiology);

        index.Store(key, "HPC-North", "dr-chen");
        var first = index.MaskedRecords[Convert.ToHexString(key)];
        index.Store(key, "HPC-North", "dr-chen");
        var second = index.MaskedRecords[Convert.ToHexString(key)];

        Assert.NotEqual(first[..AeadCipher.NonceLength], second[..AeadCipher.NonceLength]);
        Assert.Equal("HPC-North", index.FindHospital(key));
    }

    public static TheoryData<string> Tamperings => new() { "bit flipped", "moved from another key", "truncated" };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void A_tampered_index_record_is_refused_at_Eq_29_and_the_search_succeeds_once_it_is_restored(string how)
    {
        using var deployment = World.Build(ManualClock.StartingNow(), Hardened);
        var index = deployment.Cloud.Index;
        var key = Key("patient-alice", World.Cardiology);
        var genuine = index.MaskedRecords[key];
        index.Restore(key, how switch
        {
            "bit flipped" => Flip.MiddleByte.Apply(genuine),
            "moved from another key" => index.MaskedRecords[Key("patient-dan", World.Cardiology)],
            _ => genuine[..20],
        });
        var visit = new Visit(deployment, deployment.Patients["patient-alice"], deployment.Doctors["dr-chen"], NullEventSink.Instance);
        visit.Consult("HR 70");

        var refused = Assert.Throws<ProtocolViolationException>(() => visit.SearchRecord(World.Cardiology));

        Assert.Equal((29, PublicCloud.IndexRecordCheck), (refused.FailedCheck.Equation, refused.FailedCheck.Check));
        index.Restore(key, genuine);
        var retry = new Visit(deployment, deployment.Patients["patient-alice"], deployment.Doctors["dr-chen"], NullEventSink.Instance);
        retry.Consult("HR 71");
        Assert.Contains("stent", retry.SearchRecord(World.Cardiology));
    }

    [Fact]
    public void A_record_stored_in_the_papers_form_is_resealed_when_a_hardened_cloud_restores_it()
    {
        var clock = ManualClock.StartingNow();
        using var paper = World.Build(clock);
        var key = Key("patient-alice", World.Cardiology);
        var masked = paper.Cloud.Index.MaskedRecords[key];
        using var authority = new EmrAuth.Domain.Certificates.MedicalAuthority("MA", clock);
        using var hardened = new PublicCloud("PC", authority, clock, Hardened, Scalar.FromBytes(paper.Cloud.ExportMasterSecretForSealedStorage()));

        hardened.RestoreIndexRecord(key, masked, ProtocolProfile.Paper);

        var resealed = hardened.Index.MaskedRecords[key];
        Assert.NotEqual(masked, resealed);
        Assert.Equal(Plain("HPC-North").Length + AeadCipher.NonceLength + AeadCipher.TagLength, resealed.Length);
        Assert.Equal(new IndexLookupView(true, "HPC-North"), View(hardened.Index, "patient-alice"));
        // A record of the sealed form restores as it is.
        hardened.RestoreIndexRecord(key, resealed, ProtocolProfile.Hardened);
        Assert.Equal(resealed, hardened.Index.MaskedRecords[key]);
    }

    private sealed record IndexLookupView(bool Authentic, string? HospitalId);

    private static IndexLookupView View(EmrIndex index, string patientId)
    {
        var lookup = index.Find(EmrIndex.KeyOf(patientId, World.Cardiology));
        return new IndexLookupView(lookup.Authentic, lookup.HospitalId);
    }

    private static string Key(string patientId, string departmentId) => Convert.ToHexString(EmrIndex.KeyOf(patientId, departmentId));

    private static byte[] Plain(string hospitalId) => new FieldWriter().Add(hospitalId).Add("").ToArray();

    private static byte[] Xor(byte[] a, byte[] b) => a.Zip(b, (x, y) => (byte)(x ^ y)).ToArray();
}
