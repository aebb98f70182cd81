using CsCheck;
using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Registry;

namespace EmrAuth.Tests.Messages;

/// <summary>
/// encode → decode → encode gives the same bytes, for every message content, Cert_D, Cert_H, Π, the directory, the
/// revocation list and the migration ciphertexts' contents (every type <see cref="Encodings"/> finds).
/// </summary>
public class EncodingRoundTripProperties
{
    [Fact]
    public void Every_encoding_the_harness_must_cover_is_found() =>
        Assert.Superset(
            new HashSet<Type> { typeof(DoctorCertificate), typeof(HospitalCertificate), typeof(SignedDirectory), typeof(RevocationList), typeof(MigrationProof),
                typeof(Domain.Messages.ConsultationRequestContent), typeof(Domain.Messages.FilingContent), typeof(DelegationContent), typeof(TransferContent) },
            Encodings.Types.ToHashSet());

    [Theory]
    [MemberData(nameof(Encodings.TypeNames), MemberType = typeof(Encodings))]
    public void Encode_decode_encode_gives_the_same_bytes(string typeName)
    {
        var type = Encodings.Named(typeName);
        Encodings.Of(type).Sample(value =>
        {
            var encoded = Encodings.Encode(value);
            Assert.Equal(encoded, Encodings.Encode(Encodings.Decode(type, encoded)));
        }, iter: 150);
    }

    [Fact]
    public void An_EHR_record_round_trips()
    {
        var entry = Gen.Select(Gen.Long[DateTimeOffset.MinValue.UtcTicks + TimeSpan.TicksPerDay, DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerDay],
            Gen.Int[-14 * 60, 14 * 60], Gen.String, Gen.String, Gen.Byte.Array[0, 64],
            (ticks, offset, author, text, signature) => new Domain.Parties.RecordEntry(
                new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offset)), author, text, signature.Length == 0 ? null : signature));
        Gen.Select(Gen.String, Gen.String, entry.Array[0, 4], (patient, department, entries) => new Domain.Parties.MedicalRecord(patient, department, entries))
            .Sample(record =>
            {
                var encoded = MigrationContents.EncodeRecord(record);
                var decoded = MigrationContents.DecodeRecord(encoded);
                Assert.Equal(encoded, MigrationContents.EncodeRecord(decoded));
                Assert.Equal(record.Entries.Select(e => e.At), decoded.Entries.Select(e => e.At));
            }, iter: 200);
    }
}
