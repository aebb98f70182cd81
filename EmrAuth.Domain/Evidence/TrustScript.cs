using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Registry;

namespace EmrAuth.Domain.Evidence;

/// <summary>
/// The lines of verify.sh that tie a bundle to the deployment's <see cref="TrustDocument"/>: POSIX sh, openssl, od,
/// tail, tr, sed and cut only. The script refuses (exit 1, "REFUSED: …" on stderr) when the document does not hash to
/// the fingerprint given as its first argument, or when a key or PK in the bundle is not the document's.
/// </summary>
internal static class TrustScript
{
    public const string Preamble = """
        #!/bin/sh
        # Checks this evidence bundle with OpenSSL; run inside this folder:
        #   sh verify.sh '<trust fingerprint>'
        # The fingerprint is the deployment's, compared out of band (its login page), never taken from this bundle.
        set -e
        refuse() { echo "REFUSED: $*" >&2; exit 1; }
        expected=$(printf '%s' "$*" | tr -d ' :' | tr 'ABCDEF' 'abcdef')
        [ -n "$expected" ] || refuse "give the deployment's trust fingerprint (shown on its login page) as the first argument"
        actual=$(openssl dgst -sha256 -r trust-document.json | cut -d ' ' -f 1)
        [ "$actual" = "$expected" ] || refuse "trust-document.json hashes to $actual, not to the expected fingerprint $expected"
        member() { sed -n "s/^  \"$1\": \"\([0-9a-f]*\)\",\{0,1\}\$/\1/p" trust-document.json; }
        hex() { od -An -tx1 -v | tr -d ' \n'; }
        point() { openssl ec -pubin -in "$1" -conv_form compressed -outform DER 2>/dev/null | tail -c 33 | hex; }
        PK=$(member PK)
        [ -n "$PK" ] || refuse "trust-document.json has no PK"

        """;

    public const string Matched = "echo \"trust document matches the fingerprint; the bundle's PK, PUK_C and PUK_MA are the document's\"\n";

    public const string Done = "echo \"all signatures verified\"\n";

    /// <summary>The signer key file holds the document's key <paramref name="member"/> (compared as compressed points).</summary>
    public static string KeyIs(string keyFile, string member) =>
        $"[ \"$(point {keyFile})\" = \"$(member {member})\" ] || refuse \"{keyFile} is not {member} of the trust document\"\n";

    /// <summary>The signed bytes start with the statement's name field and then PK as a 33-byte field: the document's PK.</summary>
    public static string SignsPk(string dataFile, string name)
    {
        var prefix = Convert.ToHexStringLower(new FieldWriter().Add(name).ToArray()) + "00000021";
        return $"case \"$(hex < {dataFile})\" in \"{prefix}$PK\"*) ;; *) refuse \"{dataFile} signs a PK that is not the trust document's\";; esac\n";
    }
}
