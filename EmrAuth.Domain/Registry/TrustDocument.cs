using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Registry;

/// <summary>
/// The deployment's trust anchor: the keys everything else is checked against, published once, with a SHA-256
/// fingerprint a person compares out of band (login page, cloud administrator's page, evidence manifest). The bundle's
/// signatures only prove they are consistent with PK; this document, matched to a fingerprint obtained elsewhere, says
/// which PK, PUK_C, PUK_MA (and TTPH keys) are the deployment's.
/// </summary>
/// <remarks>
/// Canonical bytes (docs/protocol.md#s6-trust-document): UTF-8 JSON, one member per line in this fixed order, two-space
/// indent, "\n" line ends and a final "\n", no other whitespace; keys as 33-byte compressed SEC 1 points in lowercase
/// hex; the TTPH members only where the deployment has a TTPH. Names are restricted to [A-Za-z0-9 ._-] so nothing
/// needs JSON escaping and the bytes are exactly what this type writes.
/// </remarks>
public sealed partial record TrustDocument(
    string Deployment,
    int Version,
    string PublicCloudId,
    CurvePoint MasterPublicKey,
    CurvePoint CloudKey,
    string AuthorityName,
    CurvePoint AuthorityKey,
    TtphKeys? Ttph)
{
    public const string Format = "EmrAuth trust document v1";
    public const string FileName = "trust-document.json";

    /// <summary>The document for a deployment's public bulletin (and its TTPH, where one exists).</summary>
    public static TrustDocument Of(string deployment, int version, PublicBulletin bulletin, string authorityName, TtphKeys? ttph) =>
        new(deployment, version, bulletin.CloudId, bulletin.MasterPublicKey, bulletin.CloudKey.Point, authorityName, bulletin.AuthorityKey.Point, ttph);

    public byte[] Encode()
    {
        string[] names = [Deployment, PublicCloudId, AuthorityName, .. Ttph is null ? [] : new[] { Ttph.Id }];
        if (names.FirstOrDefault(n => !SafeName().IsMatch(n)) is { } bad)
        {
            throw new ArgumentException($"'{bad}' is not a trust-document name: 1 to 64 of A-Z a-z 0-9 space . _ -.");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Version);
        var members = new List<(string Key, string Value)>
        {
            ("format", Format),
            ("deployment", Deployment),
            ("version", Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("public_cloud", PublicCloudId),
            ("PK", Hex(MasterPublicKey)),
            ("PUK_C", Hex(CloudKey)),
            ("medical_authority", AuthorityName),
            ("PUK_MA", Hex(AuthorityKey)),
        };
        if (Ttph is { } ttph)
        {
            members.Add(("ttph", ttph.Id));
            members.Add(("PUK_TTPH_CA", Hex(ttph.AuthorityKey)));
            members.Add(("PUK_TTPH", Hex(ttph.EncryptionKey)));
        }
        var text = new StringBuilder("{\n");
        for (var i = 0; i < members.Count; i++)
        {
            text.Append("  \"").Append(members[i].Key).Append("\": \"").Append(members[i].Value).Append('"').Append(i < members.Count - 1 ? ",\n" : "\n");
        }
        return Encoding.UTF8.GetBytes(text.Append("}\n").ToString());
    }

    /// <summary>SHA-256 of <see cref="Encode"/>.</summary>
    public byte[] Fingerprint() => SHA256.HashData(Encode());

    /// <summary>The fingerprint as people compare it: 16 groups of 4 lowercase hex digits.</summary>
    public string FingerprintText() => FormatFingerprint(Fingerprint());

    public static string FormatFingerprint(ReadOnlySpan<byte> fingerprint) =>
        string.Join(' ', Convert.ToHexStringLower(fingerprint).Chunk(4).Select(c => new string(c)));

    private static string Hex(CurvePoint point) => Convert.ToHexStringLower(point.Encode());

    [GeneratedRegex("^[A-Za-z0-9 ._-]{1,64}$")]
    private static partial Regex SafeName();
}

/// <summary>A TTPH's identity, its certification key (signs Cert_H) and its encryption key (PUK_TTPH, receives M1).</summary>
public sealed record TtphKeys(string Id, CurvePoint AuthorityKey, CurvePoint EncryptionKey);
