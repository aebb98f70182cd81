using System.Reflection;
using System.Security.Cryptography;
using EmrAuth.Domain.Attacks;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Fuzz;

/// <summary>
/// Seeds from a real run: in each profile, a visit, a refused visit and a migration in the attack lab's sandbox, every
/// message recorded. Each ciphertext is opened with the key of the party it was for (the sandbox's keys), and every
/// plaintext, every part and every published structure is split into its length-prefixed fields, recursively. A
/// candidate becomes a seed of each decoder that accepts it: nothing here knows a message's layout.
/// </summary>
internal static class CorpusGenerator
{
    private const int SeedsPerDecoder = 6;
    private const int MaxSeedLength = 4096;

    public static void Write(string directory)
    {
        var candidates = new Dictionary<string, byte[]>();
        foreach (var profile in Enum.GetValues<ProtocolProfile>())
        {
            foreach (var bytes in Recorded(profile))
            {
                AddWithFields(candidates, bytes, depth: 0);
            }
        }
        foreach (var target in Targets.All)
        {
            var folder = Path.Combine(directory, target.Name);
            Directory.CreateDirectory(folder);
            foreach (var decoder in target.Decoders)
            {
                var accepted = Spread(candidates.Values.Where(c => c.Length <= MaxSeedLength && Accepts(decoder, c)).OrderBy(c => c.Length).ToList());
                if (accepted.Count == 0)
                {
                    // A decoder nothing passes (a ciphertext under the harness's fixed key) still starts from real shapes.
                    accepted = Spread(candidates.Values.Where(c => c.Length <= MaxSeedLength).OrderBy(c => c.Length).ToList());
                }
                foreach (var encoding in accepted)
                {
                    var seed = target.Seed(decoder.Name, encoding);
                    File.WriteAllBytes(Path.Combine(folder, $"{Safe(decoder.Name)}-{Convert.ToHexString(SHA256.HashData(seed))[..12]}"), seed);
                }
                Console.WriteLine($"{target.Name}/{decoder.Name}: {accepted.Count} seed(s)");
            }
        }
    }

    private static IEnumerable<byte[]> Recorded(ProtocolProfile profile)
    {
        using var lab = new LabSandbox(LabTarget.Default, profile, ManualClock.StartingNow().GetUtcNow());
        var visit = lab.Visit().RunToEnd();
        new InterceptedVisit(lab.Deployment, lab.Transcript, lab.Target.PatientId, lab.Target.DoctorId, lab.Target.DepartmentId, refuses: true).RunToEnd();
        var migration = lab.Migration().RunToEnd();
        lab.Deployment.Authority.Revoke(lab.Doctor.Certificate.Serial, "seed corpus: a non-empty revocation list");

        var privateKeys = new List<PrivateKey>();
        privateKeys.AddRange(lab.Deployment.Patients.Values.Select(p => new PrivateKey(p.LeakLongTermKey())));
        privateKeys.AddRange(lab.Deployment.Doctors.Values.Select(d => new PrivateKey(d.LeakLongTermKey())));
        privateKeys.AddRange(lab.Deployment.Hospitals.Values.Select(h => new PrivateKey(h.LeakLongTermKey())));
        privateKeys.Add(new PrivateKey(Scalar.FromBytes(lab.Deployment.Cloud.ExportOwnKeyForSealedStorage())));
        privateKeys.Add(TtphKey(migration.World.Ttph));
        var sessionKeys = new[] { visit.PatientSide?.SessionKey, visit.Search?.SessionKey }.OfType<SessionKey>().ToList();

        foreach (var message in lab.Transcript.Messages)
        {
            // The whole message as length-prefixed parts: the migration messages' form.
            yield return message.Parts.Aggregate(new FieldWriter(), (w, p) => w.Add(p.Bytes ?? [])).ToArray();
            var stamp = message.Parts.LastOrDefault(p => p.Kind == PartKind.Timestamp)?.Bytes;
            foreach (var part in message.Parts.Where(p => p.Bytes is not null))
            {
                yield return part.Bytes!;
                if (part.Kind == PartKind.Ciphertext && stamp is { Length: 8 })
                {
                    var aad = SignedContents.AssociatedData(part.Name, System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(stamp));
                    foreach (var plaintext in Open(part.Bytes!, aad, privateKeys, sessionKeys))
                    {
                        yield return plaintext;
                    }
                }
            }
        }
        yield return lab.Deployment.Cloud.Directory.Encode();
        yield return lab.Deployment.Authority.RevocationList.Encode();
        yield return migration.World.Ttph.Authority.RevocationList.Encode();
        yield return migration.World.Ttph.ExportUsedNonces();
        foreach (var endpoint in migration.World.Endpoints.Values)
        {
            yield return endpoint.ExportState();
            yield return endpoint.Certificate.Encode();
            foreach (var record in endpoint.StagedRecords)
            {
                yield return MigrationContents.EncodeRecord(record);
            }
        }
        yield return lab.Deployment.Cloud.Bulletin.CloudKey.ExportSubjectPublicKeyInfo();
        yield return CurvePoint.Generator.Encode();
        privateKeys.ForEach(k => k.Dispose());
    }

    private static IEnumerable<byte[]> Open(byte[] ciphertext, byte[] aad, List<PrivateKey> privateKeys, List<SessionKey> sessionKeys)
    {
        foreach (var key in privateKeys)
        {
            if (Try(() => PublicKeyCipher.Decrypt(key, ciphertext, aad)) is { } plaintext)
            {
                yield return plaintext;
            }
        }
        foreach (var key in sessionKeys)
        {
            if (Try(() => SessionCipher.Decrypt(key, ciphertext, aad)) is { } plaintext)
            {
                yield return plaintext;
            }
        }
    }

    /// <summary>The TTPH keeps its decryption key to itself (no export, unlike the other parties): read the field.</summary>
    private static PrivateKey TtphKey(TrustedThirdPartyHospital ttph) =>
        (PrivateKey)typeof(TrustedThirdPartyHospital).GetField("_encryptionKey", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(ttph)!;

    private static void AddWithFields(Dictionary<string, byte[]> candidates, byte[] bytes, int depth)
    {
        if (!candidates.TryAdd(Convert.ToHexString(SHA256.HashData(bytes)), bytes) || depth > 4)
        {
            return;
        }
        var reader = new FieldReader(bytes);
        var fields = new List<byte[]>();
        while (!reader.AtEnd && Try(reader.ReadBytes) is { } field)
        {
            fields.Add(field);
        }
        if (reader.AtEnd)
        {
            fields.ForEach(f => AddWithFields(candidates, f, depth + 1));
        }
    }

    /// <summary>At most <see cref="SeedsPerDecoder"/>, from the shortest to the longest: AFL works best from small seeds.</summary>
    private static List<byte[]> Spread(List<byte[]> sorted) => sorted.Count <= SeedsPerDecoder
        ? sorted
        : Enumerable.Range(0, SeedsPerDecoder).Select(i => sorted[i * (sorted.Count - 1) / (SeedsPerDecoder - 1)]).ToList();

    private static bool Accepts(Decoder decoder, byte[] encoding) => Try(() => { decoder.Decode(encoding); return Array.Empty<byte>(); }) is not null;

    private static byte[]? Try(Func<byte[]> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (Targets.IsDocumented(e))
        {
            return null;
        }
    }

    private static string Safe(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
