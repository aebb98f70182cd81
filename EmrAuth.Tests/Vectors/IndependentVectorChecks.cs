using System.Buffers.Binary;
using System.Diagnostics;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using BcInteger = Org.BouncyCastle.Math.BigInteger;

namespace EmrAuth.Tests.Vectors;

/// <summary>
/// Checks docs/vectors/*.json without EmrAuth's code: signatures with .NET's ECDsa and with the openssl command line,
/// SHA-256 values with openssl, and the implicit-certificate arithmetic (e_X = SHA-256(Hq input) mod q, PUK_X = R_X +
/// e_X·PK = S_X·G) with BouncyCastle, the Hq input rebuilt from the documented ‖ encoding.
/// </summary>
public sealed class IndependentVectorChecks : IDisposable
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256r1");
    private readonly string _work = Directory.CreateTempSubdirectory("emrauth-vectors-").FullName;

    public static TheoryData<string> Vectors => [.. VectorFiles.Names];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Signatures_VerifyWithDotNetEcdsaAndOpenSsl(string file)
    {
        using var vector = Load(file);
        var signatures = vector.RootElement.GetProperty("signatures").EnumerateArray().ToList();
        Assert.NotEmpty(signatures);
        var index = 0;
        foreach (var signature in signatures)
        {
            var name = signature.GetProperty("name").GetString();
            var content = Bytes(signature, "signed_content");
            var rs = Bytes(signature, "signature_r_s");
            using var key = Import(Bytes(signature, "signer_key"));
            Assert.True(key.VerifyData(content, rs, HashAlgorithmName.SHA256), $"{file}: .NET ECDsa rejects {name}");

            var prefix = Path.Combine(_work, $"{Path.GetFileNameWithoutExtension(file)}-{index++}");
            File.WriteAllText(prefix + ".pem", PemEncoding.WriteString("PUBLIC KEY", key.ExportSubjectPublicKeyInfo()));
            File.WriteAllBytes(prefix + ".der", Der(rs));
            File.WriteAllBytes(prefix + ".bin", content);
            var verify = OpenSsl("dgst", "-sha256", "-verify", prefix + ".pem", "-signature", prefix + ".der", prefix + ".bin");
            Assert.True(verify.Contains("Verified OK", StringComparison.Ordinal), $"{file}: openssl rejects {name}: {verify}");
            Assert.Equal(signature.GetProperty("signed_content_sha256").GetString(), Sha256(prefix + ".bin"));
        }
    }

    [Fact]
    public void OpenSsl_RefusesATamperedVectorSignature()
    {
        using var vector = Load("visit-paper.json");
        var signature = vector.RootElement.GetProperty("signatures").EnumerateArray().Last();
        using var key = Import(Bytes(signature, "signer_key"));
        var rs = Bytes(signature, "signature_r_s");
        rs[^1] ^= 1;
        var prefix = Path.Combine(_work, "tampered");
        File.WriteAllText(prefix + ".pem", PemEncoding.WriteString("PUBLIC KEY", key.ExportSubjectPublicKeyInfo()));
        File.WriteAllBytes(prefix + ".der", Der(rs));
        File.WriteAllBytes(prefix + ".bin", Bytes(signature, "signed_content"));
        Assert.Contains("Verification failure", OpenSsl("dgst", "-sha256", "-verify", prefix + ".pem", "-signature", prefix + ".der", prefix + ".bin"));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ImplicitCertificates_RebuildWithBouncyCastle(string file)
    {
        using var vector = Load(file);
        var pk = Curve.Curve.DecodePoint(Bytes(vector.RootElement.GetProperty("deployment"), "PK"));
        var s = new BcInteger(1, Bytes(vector.RootElement.GetProperty("deployment"), "master_secret_s"));
        Assert.Equal(Curve.G.Multiply(s).Normalize(), pk.Normalize());
        foreach (var party in vector.RootElement.GetProperty("parties").EnumerateArray())
        {
            var id = party.GetProperty("id").GetString()!;
            var r = Bytes(party, "R_X");
            var extra = party.GetProperty("extra_X").ValueKind == JsonValueKind.Null ? null : Bytes(party, "extra_X");
            // ‖: each field is a 4-byte big-endian length and its bytes; IDs are UTF-8, points compressed SEC 1; a hospital has no extra field.
            byte[][] fields = extra is null ? [Encoding.UTF8.GetBytes(id), r] : [Encoding.UTF8.GetBytes(id), extra, r];
            var input = fields.SelectMany(f => Length(f).Concat(f)).ToArray();
            Assert.Equal(party.GetProperty("Hq_input").GetString(), Convert.ToHexStringLower(input));

            var path = Path.Combine(_work, $"{id}.hq");
            File.WriteAllBytes(path, input);
            var e = new BcInteger(Sha256(path), 16).Mod(Curve.N);
            Assert.Equal(new BcInteger(1, Bytes(party, "e_X")), e);
            var puk = Curve.Curve.DecodePoint(r).Add(pk.Multiply(e)).Normalize();
            Assert.Equal(Convert.ToHexStringLower(puk.GetEncoded(true)), party.GetProperty("PUK_X").GetString());
            Assert.Equal(puk, Curve.G.Multiply(new BcInteger(1, Bytes(party, "S_X"))).Normalize());
        }
    }

    /// <summary>c = SHA-256(‖(k) ‖ ‖(M_DINF)) by openssl, and Sig_D6's signed bytes hold c, not the diagnosis.</summary>
    [Theory]
    [InlineData("visit-paper.json")]
    [InlineData("visit-hardened.json")]
    public void DiagnosisCommitment_RebuildsWithOpenSsl(string file)
    {
        using var vector = Load(file);
        var commitment = vector.RootElement.GetProperty("diagnosis_commitment");
        var diagnosis = Encoding.UTF8.GetBytes(vector.RootElement.GetProperty("inputs").GetProperty("diagnosis").GetString()!);
        var k = Bytes(commitment, "k");
        var path = Path.Combine(_work, "commitment.bin");
        File.WriteAllBytes(path, [.. Length(k), .. k, .. Length(diagnosis), .. diagnosis]);
        var c = Sha256(path);
        Assert.Equal(commitment.GetProperty("c").GetString(), c);
        var sigD6 = vector.RootElement.GetProperty("signatures").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Sig_D6");
        var signed = sigD6.GetProperty("signed_content").GetString()!;
        Assert.Contains("00000020" + c, signed, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(diagnosis), signed, StringComparison.Ordinal);
    }

    private static JsonDocument Load(string file) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(VectorFiles.Folder, file)));

    private static byte[] Bytes(JsonElement element, string property) => Convert.FromHexString(element.GetProperty(property).GetString()!);

    private static byte[] Length(byte[] field)
    {
        var prefix = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(prefix, field.Length);
        return prefix;
    }

    /// <summary>A compressed SEC 1 point decompressed by BouncyCastle, imported into .NET's ECDsa.</summary>
    private static ECDsa Import(byte[] compressed)
    {
        var point = Curve.Curve.DecodePoint(compressed).Normalize();
        return ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point.AffineXCoord.GetEncoded(), Y = point.AffineYCoord.GetEncoded() },
        });
    }

    private static byte[] Der(byte[] rs)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(rs.AsSpan(0, 32));
            writer.WriteIntegerUnsigned(rs.AsSpan(32, 32));
        }
        return writer.Encode();
    }

    private static string Sha256(string path) => OpenSsl("dgst", "-sha256", "-r", path).Split(' ')[0].Trim();

    private static string OpenSsl(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return output.Result + error.Result;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
