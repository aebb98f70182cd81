namespace EmrAuth.Tests.Crypto;

internal static class SecretAssert
{
    /// <summary>Asserts that <paramref name="text"/> shows none of the secret's bytes in hex (either case) or Base64.</summary>
    public static void Hidden(byte[] secret, string? text)
    {
        Assert.NotNull(text);
        Assert.DoesNotContain(Convert.ToHexString(secret), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(secret), text);
        // Not even a recognisable fragment: no 4-byte run of the secret in hex.
        for (var i = 0; i + 4 <= secret.Length; i++)
        {
            Assert.DoesNotContain(Convert.ToHexString(secret, i, 4), text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
