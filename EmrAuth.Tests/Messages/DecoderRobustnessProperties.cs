using CsCheck;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Migration;

namespace EmrAuth.Tests.Messages;

/// <summary>
/// A decoder refuses bad bytes only with MalformedMessageException or CryptographicException: never an
/// IndexOutOfRange, NullReference, Overflow or ArgumentOutOfRange (the crash classes of EmrAuth.Fuzz, run fast here).
/// </summary>
public class DecoderRobustnessProperties
{
    [Theory]
    [MemberData(nameof(Encodings.TypeNames), MemberType = typeof(Encodings))]
    public void Random_bytes_are_decoded_or_refused_as_documented(string typeName)
    {
        var type = Encodings.Named(typeName);
        Gen.Byte.Array[0, 200].Sample(bytes => Encodings.DecodeOrRefuse(type, bytes), iter: 500);
    }

    /// <summary>Random bytes rarely get past the first length: mutate real encodings to reach the inner fields.</summary>
    [Theory]
    [MemberData(nameof(Encodings.TypeNames), MemberType = typeof(Encodings))]
    public void Mutated_encodings_are_decoded_or_refused_as_documented(string typeName)
    {
        var type = Encodings.Named(typeName);
        Mutated(Encodings.Of(type).Select(Encodings.Encode)).Sample(bytes => Encodings.DecodeOrRefuse(type, bytes), iter: 500);
    }

    /// <summary>
    /// Every field of real encodings, at every depth, emptied, blanked or set to an edge integer in turn: what a constructor refuses
    /// (an empty ID_D in Scope_P, the crash fuzzing found) must reach the receiver as a malformed message.
    /// </summary>
    [Theory]
    [MemberData(nameof(Encodings.TypeNames), MemberType = typeof(Encodings))]
    public void Each_field_emptied_or_blanked_is_decoded_or_refused_as_documented(string typeName)
    {
        var type = Encodings.Named(typeName);
        // Empty, blank, and the 8-byte integers a timestamp or count decoder must bound: 0, -1, long.MinValue, long.MaxValue.
        byte[][] replacements = [[], " "u8.ToArray(), .. new long[] { 0, -1, long.MinValue, long.MaxValue }.Select(BigEndian)];
        var edited = 0;
        Encodings.Of(type).Select(Encodings.Encode).Sample(encoding =>
        {
            foreach (var bytes in replacements.SelectMany(FieldTree.Read(encoding).WithEachFieldReplacedBy))
            {
                Encodings.DecodeOrRefuse(type, bytes);
                edited++;
            }
        }, iter: 20, threads: 1);
        Assert.True(edited > 0, $"{typeName}: no field was edited, so the property checked nothing.");
    }

    private static byte[] BigEndian(long value)
    {
        var bytes = new byte[sizeof(long)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    [Fact]
    public void Mutated_EHR_records_are_decoded_or_refused_as_documented()
    {
        // An entry an hour into year 1 at -00:30: zeroing the high bytes of its ticks moves its local time before the
        // calendar, the crash fuzzing found (RecordDecodingTests).
        var early = new DateTimeOffset(TimeSpan.TicksPerHour, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(-30));
        var record = new Domain.Parties.MedicalRecord("patient-alice", "cardiology",
            [new(early, "dr-chen", "Stable.", new byte[64]), new(DateTimeOffset.UnixEpoch, "dr-lin", "Discharged.")]);
        Mutated(Gen.Const(MigrationContents.EncodeRecord(record))).Sample(bytes =>
        {
            try
            {
                MigrationContents.DecodeRecord(bytes);
            }
            catch (Exception e) when (Encodings.IsDocumented(e))
            {
            }
        }, iter: 2000);
    }

    [Fact]
    public void Random_points_scalars_and_keys_are_parsed_or_refused_as_documented() =>
        Gen.Byte.Array[0, 100].Sample(bytes =>
        {
            foreach (var parse in new Action[] { () => CurvePoint.Decode(bytes), () => Scalar.FromBytes(bytes), () => PublicKey.FromSubjectPublicKeyInfo(bytes) })
            {
                try
                {
                    parse();
                }
                catch (Exception e) when (Encodings.IsDocumented(e))
                {
                }
            }
        }, iter: 1000);

    /// <summary>
    /// One mutation of a valid encoding: a byte overwritten, the bytes cut at a position, bytes inserted, or a 4-byte
    /// big-endian word (often a length prefix or a timestamp's top half) set to an edge value.
    /// </summary>
    private static Gen<byte[]> Mutated(Gen<byte[]> encodings) =>
        Gen.Select(encodings, Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.OneOf(Gen.Const(0), Gen.Const(-1), Gen.Const(int.MaxValue), Gen.Int), (bytes, kind, at, value, word) =>
        {
            if (bytes.Length == 0)
            {
                return [value];
            }
            var position = at % bytes.Length;
            var copy = (byte[])bytes.Clone();
            switch (kind)
            {
                case 0:
                    copy[position] = value;
                    return copy;
                case 1:
                    return copy[..position];
                case 2:
                    return [.. copy[..position], value, value, .. copy[position..]];
                default:
                    if (copy.Length - position >= 4)
                    {
                        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(position), word);
                    }
                    return copy;
            }
        });
}
