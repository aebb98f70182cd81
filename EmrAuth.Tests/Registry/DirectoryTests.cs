using System.Text;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Registry;

/// <summary>What the public cloud publishes and keeps: the signed directory (docs/protocol.md#d-directory) and the EMR index (docs/protocol.md#g-index-mask).</summary>
public sealed class DirectoryTests
{
    [Fact]
    public void The_directory_lists_hospitals_and_doctors_and_never_patients()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var directory = deployment.Cloud.Directory;

        Assert.Equal(["HPC-North", "HPC-South", "dr-chen", "dr-deng", "dr-huang"], directory.Entries.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(directory.Entries, e => e.Role == PartyRole.Patient);
        foreach (var patient in deployment.Patients.Values)
        {
            Assert.True(patient.IsRegistered);
            Assert.NotNull(deployment.Cloud.FindRegistered(PartyRole.Patient, patient.Id));
            Assert.DoesNotContain(directory.Entries, e => e.Id == patient.Id || e.R.SameAs(patient.Credentials!.R));
        }
        foreach (var doctor in deployment.Doctors.Values)
        {
            var entry = directory.Find(doctor.Id, PartyRole.Doctor)!;
            Assert.Equal(doctor.Certificate, entry.Certificate);
            Assert.True(entry.R.SameAs(doctor.Credentials!.R));
        }
        foreach (var hospital in deployment.Hospitals.Values)
        {
            var entry = directory.Find(hospital.Id, PartyRole.HospitalCloud)!;
            Assert.Null(entry.Certificate);
            Assert.True(entry.R.SameAs(hospital.Credentials!.R));
        }
    }

    /// <summary>
    /// Read as an outsider reads it, each entry's fields (without the role) are the party's Hq input: a hospital's entry
    /// has no extra field at all, exactly as its e_X = Hq(ID ‖ R) has none; an empty field would give another key.
    /// </summary>
    [Fact]
    public void Each_directory_entry_holds_exactly_the_fields_of_its_parties_Hq_input()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var reader = new FieldReader(deployment.Cloud.Directory.SignedContent());
        Assert.Equal("Directory v2", reader.ReadString());
        reader.ReadInt64();
        var checkedRoles = new HashSet<PartyRole>();
        foreach (var _ in deployment.Cloud.Directory.Entries)
        {
            var id = reader.ReadString();
            var role = Enum.Parse<PartyRole>(reader.ReadString());
            var r = reader.ReadPoint();
            var extra = role == PartyRole.Doctor ? reader.ReadBytes() : null;
            Participant party = role == PartyRole.Doctor ? deployment.Doctors[id] : deployment.Hospitals[id];
            var rebuilt = ImplicitCertificate.PublicPoint(ImplicitCertificate.IssuanceHash(id, extra, r), r, deployment.Cloud.MasterPublicKey);
            Assert.True(rebuilt.SameAs(party.Credentials!.PublicKey.Point), $"{id}: the directory's fields do not rebuild PUK");
            if (role == PartyRole.HospitalCloud)
            {
                var withEmptyField = ImplicitCertificate.PublicPoint(ImplicitCertificate.IssuanceHash(id, [], r), r, deployment.Cloud.MasterPublicKey);
                Assert.False(withEmptyField.SameAs(rebuilt), "an empty extra field must not read as no field");
            }
            checkedRoles.Add(role);
        }
        reader.EnsureEnd();
        Assert.Equal([PartyRole.Doctor, PartyRole.HospitalCloud], checkedRoles.Order());
    }

    [Fact]
    public void The_directory_signature_verifies_with_the_cloud_key_and_covers_every_entry()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var directory = deployment.Cloud.Directory;
        var cloudKey = deployment.Cloud.Bulletin.CloudKey;

        Assert.True(cloudKey.Verify(directory.SignedContent(), directory.Signature));
        Assert.False(deployment.Cloud.Bulletin.AuthorityKey.Verify(directory.SignedContent(), directory.Signature));
        var altered = new[]
        {
            directory with { Version = directory.Version + 1 },
            directory with { Entries = directory.Entries.Skip(1).ToArray() },
            directory with { Entries = [directory.Entries[0] with { R = CurvePoint.Generator }, .. directory.Entries.Skip(1)] },
            directory with { Entries = [directory.Entries[0] with { Role = PartyRole.Patient }, .. directory.Entries.Skip(1)] },
        };
        Assert.All(altered, d => Assert.False(cloudKey.Verify(d.SignedContent(), d.Signature)));
    }

    public static TheoryData<string, int> VersionChanges => new()
    {
        { "register patient", 0 },
        { "register hospital", 1 },
        { "register doctor", 1 },
        { "deregister hospital", 1 },
        { "deregister doctor", 1 },
    };

    [Theory]
    [MemberData(nameof(VersionChanges))]
    public void The_directory_is_republished_and_re_signed_only_when_a_listed_party_changes(string change, int increment)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var before = deployment.Cloud.Directory;

        switch (change)
        {
            case "register patient": deployment.AddPatient("patient-erin", "erin-fingerprint-template"); break;
            case "register hospital": deployment.AddHospital("HPC-East"); break;
            case "register doctor": deployment.AddDoctor("dr-wang", World.Neurology); break;
            case "deregister hospital": deployment.Cloud.Deregister(PartyRole.HospitalCloud, "HPC-South"); break;
            default: deployment.Cloud.Deregister(PartyRole.Doctor, "dr-deng"); break;
        }

        var after = deployment.Cloud.Directory;
        Assert.Equal(before.Version + increment, after.Version);
        Assert.Equal(increment == 0, ReferenceEquals(before, after));
        Assert.True(deployment.Cloud.Bulletin.CloudKey.Verify(after.SignedContent(), after.Signature));
        Assert.DoesNotContain(after.Entries, e => e.Role == PartyRole.Patient);
        Assert.Equal(change.StartsWith("deregister", StringComparison.Ordinal) ? before.Entries.Count - 1 : before.Entries.Count + increment, after.Entries.Count);
    }

    [Fact]
    public void A_directory_re_signed_by_another_key_is_refused_by_the_party_that_reads_it()
    {
        var clock = ManualClock.StartingNow();
        using var deployment = World.Build(clock);
        var real = deployment.Cloud.Bulletin;
        // The attacker lists a doctor of its own under a new version and signs with a key that is not PRK_C.
        using var rogueKey = PrivateKey.Generate();
        var genuine = real.Directory;
        var padded = genuine with { Version = genuine.Version + 1, Entries = [.. genuine.Entries, genuine.Entries[0] with { Id = "dr-mallory" }] };
        var tampered = padded with { Signature = rogueKey.Sign(padded.SignedContent()) };
        var bulletin = new PublicBulletin(real.MasterPublicKey, real.CloudKey, real.CloudId, real.AuthorityKey, () => tampered, () => real.Revocations);
        using var patient = new Patient("patient-erin", Encoding.UTF8.GetBytes("erin-fingerprint-template"), bulletin, clock, deployment.Options);
        Deployment.Register(deployment.Cloud, patient, NullEventSink.Instance);

        foreach (var doctorId in new[] { "dr-chen", "dr-mallory" })
        {
            var refused = Assert.Throws<ProtocolStateException>(() => patient.BeginConsultation(doctorId, NullEventSink.Instance));
            Assert.Contains("directory's signature does not verify with PUK_C", refused.Message);
        }
    }

    /// <summary>
    /// docs/protocol.md#g-index-mask, pinned: the paper's profile stores (ID_HPC || ID_D) ⊕ h(s) with one mask h(s) for every record,
    /// so whoever reads the index database XORs two records and gets the XOR of their plaintexts, and one record
    /// whose content is known unmasks every other. The hardened profile must make this test fail.
    /// </summary>
    [Fact]
    public void Paper_profile_index_mask_is_shared_so_xor_of_records_leaks()
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        Assert.Equal(ProtocolProfile.Paper, deployment.Options.Profile);
        var records = deployment.Cloud.Index.MaskedRecords;
        var north = records[Key("patient-alice", World.Cardiology)];
        var south = records[Key("patient-bob", World.Cardiology)];
        var sameHospital = records[Key("patient-dan", World.Cardiology)];

        Assert.Equal(Xor(Plain("HPC-North", ""), Plain("HPC-South", "")), Xor(north, south));
        // Same plaintext, same stored bytes: the index even shows which patients are at the same hospital.
        Assert.Equal(south, sameHospital);

        // One record with known content gives h(s), and h(s) unmasks every record: who holds which patient's EMR.
        var mask = Xor(north, Plain("HPC-North", ""));
        foreach (var hospital in deployment.Hospitals.Values)
        {
            foreach (var record in hospital.Records)
            {
                Assert.Equal(Plain(hospital.Id, ""), Xor(records[Key(record.PatientId, record.DepartmentId)], mask));
            }
        }
        Assert.Equal(5, records.Count);
    }

    private static string Key(string patientId, string departmentId) => Convert.ToHexString(EmrIndex.KeyOf(patientId, departmentId));

    /// <summary>The index record's plaintext: ID_HPC || ID_D, zero-padded to the record length.</summary>
    private static byte[] Plain(string hospitalId, string doctorId)
    {
        var record = new byte[EmrIndex.RecordLength];
        new FieldWriter().Add(hospitalId).Add(doctorId).ToArray().CopyTo(record, 0);
        return record;
    }

    private static byte[] Xor(byte[] a, byte[] b) => a.Zip(b, (x, y) => (byte)(x ^ y)).ToArray();
}
