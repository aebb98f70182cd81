using System.Formats.Tar;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmrAuth.Domain.Registry;

namespace EmrAuth.Domain.Evidence;

/// <summary>One signature in a bundle and the check that accepted it ("Eq. 15 by Doctor dr.chen").</summary>
public sealed record EvidenceEntry(SignatureEvidence Evidence, string AcceptedBy);

/// <summary>
/// Writes a visit's signatures as one tar file that OpenSSL alone can check: for each signature its DER form,
/// the signer's SubjectPublicKeyInfo PEM, and the signed bytes (or their SHA-256), with a manifest and a
/// verify.sh holding the exact commands. Only public material goes in (<see cref="SignedStatements"/>).
/// </summary>
public static partial class EvidenceBundle
{
    public const string FullCheck = "Verified OK";
    public const string DigestCheck = "Signature Verified Successfully";

    /// <summary>A file for people to read, never embedded in HTML: no need to escape quotes, '+' or '·'.</summary>
    private static readonly JsonSerializerOptions ManifestOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string FolderName(string visitId) => $"evidence-{Safe(visitId)}";

    /// <summary>
    /// The bundle: the signatures, and the deployment's <see cref="TrustDocument"/>, which verify.sh first matches to
    /// the fingerprint its caller obtained out of band and then holds PK, PUK_C and PUK_MA of the bundle against.
    /// </summary>
    public static byte[] Write(string visitId, DateTimeOffset exportedAt, IReadOnlyList<EvidenceEntry> accepted, TrustDocument trust)
    {
        // One signature checked by several parties (Sig_PS: doctor, public cloud, hospital) is one piece of evidence:
        // it is listed once, with its first acceptance.
        var entries = accepted.DistinctBy(e => (e.Evidence.Name, Convert.ToHexString(e.Evidence.Signature))).ToList();
        var folder = FolderName(visitId);
        var files = new List<(string Path, byte[] Bytes)>();
        var keyFiles = new Dictionary<string, string>();
        var signatures = new List<object>();
        var commands = new StringBuilder();
        var trustChecks = new StringBuilder();
        for (var i = 0; i < entries.Count; i++)
        {
            var (evidence, acceptedBy) = (entries[i].Evidence, entries[i].AcceptedBy);
            var statement = evidence.Statement();
            var keyFile = KeyFile(evidence, keyFiles, files);
            var stem = $"{i + 1:00}-{Safe(evidence.Name)}";
            var signatureFile = $"{stem}.sig.der";
            files.Add((signatureFile, evidence.SignatureDer()));
            string? dataFile = null;
            string? command = null;
            if (evidence.SignedContent is { } content)
            {
                dataFile = $"{stem}.data.bin";
                files.Add((dataFile, content));
                if (SignsMasterKey(statement))
                {
                    trustChecks.Append(TrustScript.SignsPk(dataFile, evidence.Name));
                }
                command = $"openssl dgst -sha256 -verify {keyFile} -signature {signatureFile} {dataFile}";
            }
            else if (evidence.SignedDigest is { } digest)
            {
                dataFile = $"{stem}.sha256";
                files.Add((dataFile, digest));
                command = $"openssl pkeyutl -verify -pubin -inkey {keyFile} -sigfile {signatureFile} -in {dataFile}";
            }
            if (command is not null)
            {
                commands.Append(command).Append('\n');
            }
            signatures.Add(new
            {
                name = evidence.Name,
                signer = evidence.Signer.ToString(),
                acceptedBy,
                covers = statement.Covers,
                disclosure = statement.Disclosure.ToString(),
                withheld = statement.WithheldField,
                key = keyFile,
                signature = signatureFile,
                data = dataFile,
                command,
                expect = command is null ? null : evidence.SignedContent is not null ? FullCheck : DigestCheck,
                note = Note(statement),
            });
        }
        foreach (var (role, keyFile) in keyFiles.Values.Select(f => (Role: f.Split('/', '-')[1], File: f)))
        {
            trustChecks.Append(role switch
            {
                nameof(Transcript.PartyRole.PublicCloud) => TrustScript.KeyIs(keyFile, "PUK_C"),
                nameof(Transcript.PartyRole.MedicalAuthority) => TrustScript.KeyIs(keyFile, "PUK_MA"),
                _ => "",
            });
        }
        var fingerprint = trust.Fingerprint();
        var manifest = new
        {
            format = "EmrAuth evidence v2",
            visit = visitId,
            exportedAt,
            trust = new
            {
                document = TrustDocument.FileName,
                sha256 = Convert.ToHexStringLower(fingerprint),
                fingerprint = TrustDocument.FormatFingerprint(fingerprint),
                check = "sh verify.sh '<the deployment's trust fingerprint, from its login page: never from this bundle>'",
            },
            algorithm = "ECDSA over P-256 with SHA-256; signatures DER (RFC 3279), keys SubjectPublicKeyInfo PEM",
            keyBinding = "Each key is the one the verifier used. PUK_P, PUK_D and PUK_HPC are implicit certificates: PUK_X = R_X + Hq(ID_X || extra_X || R_X)·PK. "
                + "OpenSSL's command line cannot do that point arithmetic; the signed directory (R_X and Cert_D per hospital and doctor) is included so that other tools can.",
            signatures,
        };
        files.Insert(0, ("manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestOptions)));
        files.Insert(1, ("verify.sh", Encoding.ASCII.GetBytes(TrustScript.Preamble + trustChecks + TrustScript.Matched + commands + TrustScript.Done)));
        files.Insert(2, (TrustDocument.FileName, trust.Encode()));
        return Tar(folder, exportedAt, files);
    }

    /// <summary>Sig_D3 and Sig_HPC1 (both profiles) sign PK as their first field after the name.</summary>
    private static bool SignsMasterKey(SignedStatement statement) =>
        statement.Covers.Split(" || ") is [_, "PK", ..];

    private static string Note(SignedStatement statement) => statement.Disclosure switch
    {
        Disclosure.Full => "the exact signed bytes: anyone can check this signature",
        Disclosure.DigestOnly => $"the signed bytes contain {statement.WithheldField}, so only their SHA-256 is given: OpenSSL checks the signature over that digest; "
            + "a party that knows the withheld value rebuilds the bytes and compares `openssl dgst -sha256 -binary` with the digest",
        _ => $"not publicly checkable: the signed bytes contain {statement.WithheldField}; the signature and key are given for a party that holds them",
    };

    private static string KeyFile(SignatureEvidence evidence, Dictionary<string, string> keyFiles, List<(string, byte[])> files)
    {
        var spki = Convert.ToHexString(evidence.SignerKey);
        if (!keyFiles.TryGetValue(spki, out var file))
        {
            file = $"keys/{evidence.Signer.Role}-{Safe(evidence.Signer.Id)}.pem";
            if (keyFiles.ContainsValue(file))
            {
                file = $"keys/{evidence.Signer.Role}-{Safe(evidence.Signer.Id)}-{keyFiles.Count + 1}.pem";
            }
            keyFiles[spki] = file;
            files.Add((file, Encoding.ASCII.GetBytes(evidence.SignerKeyPem() + "\n")));
        }
        return file;
    }

    private static byte[] Tar(string folder, DateTimeOffset at, IEnumerable<(string Path, byte[] Bytes)> files)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (path, bytes) in files)
            {
                var entry = new UstarTarEntry(TarEntryType.RegularFile, $"{folder}/{path}")
                {
                    DataStream = new MemoryStream(bytes),
                    ModificationTime = at,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                };
                writer.WriteEntry(entry);
            }
        }
        return output.ToArray();
    }

    /// <summary>Party ids come from sign-up: keep file names to a safe alphabet.</summary>
    private static string Safe(string name) => UnsafeCharacters().Replace(name, "_");

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeCharacters();
}
