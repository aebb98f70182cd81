using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

public sealed class KeyConfirmationTests
{
    private static readonly byte[] Transcript = new FieldWriter().Add("SEK_1 transcript").Add("patient").Add("doctor").ToArray();

    [Fact]
    public void Two_ephemeral_keys_agree_and_the_derived_key_depends_on_the_transcript()
    {
        using var a = new EphemeralKey();
        using var b = new EphemeralKey();

        var fromA = KeyConfirmation.DeriveSessionKey(a.AgreeWith(b.Point), Transcript, "SEK_1");
        var fromB = KeyConfirmation.DeriveSessionKey(b.AgreeWith(a.Point), Transcript, "SEK_1");
        var otherTranscript = KeyConfirmation.DeriveSessionKey(b.AgreeWith(a.Point), [.. Transcript, 0], "SEK_1");
        var otherName = KeyConfirmation.DeriveSessionKey(b.AgreeWith(a.Point), Transcript, "SEK_2");

        Assert.True(fromA.SameAs(fromB));
        Assert.False(fromA.SameAs(otherTranscript));
        Assert.False(fromA.SameAs(otherName));
    }

    [Fact]
    public void The_shared_secret_is_zeroed_after_derivation()
    {
        using var a = new EphemeralKey();
        using var b = new EphemeralKey();
        var shared = a.AgreeWith(b.Point);
        Assert.Contains(shared, x => x != 0);

        KeyConfirmation.DeriveSessionKey(shared, Transcript, "SEK_1");

        Assert.All(shared, x => Assert.Equal(0, x));
    }

    [Fact]
    public void An_erased_ephemeral_key_can_no_longer_agree()
    {
        var a = new EphemeralKey();
        using var b = new EphemeralKey();
        a.Dispose();

        Assert.True(a.IsErased);
        Assert.Throws<ObjectDisposedException>(() => a.AgreeWith(b.Point));
    }

    [Fact]
    public void A_tag_verifies_only_under_its_key_name_and_transcript()
    {
        var key = SessionKey.FromBytes(RandomNumberGenerator.GetBytes(KeyDerivation.SessionKeyLength));
        var other = SessionKey.FromBytes(RandomNumberGenerator.GetBytes(KeyDerivation.SessionKeyLength));
        var tag = KeyConfirmation.Tag(key, "Tag_D1", Transcript);

        Assert.Equal(KeyConfirmation.TagLength, tag.Length);
        Assert.True(KeyConfirmation.Verify(key, "Tag_D1", Transcript, tag));
        Assert.False(KeyConfirmation.Verify(other, "Tag_D1", Transcript, tag));
        Assert.False(KeyConfirmation.Verify(key, "Tag_HPC1", Transcript, tag));
        Assert.False(KeyConfirmation.Verify(key, "Tag_D1", [.. Transcript, 0], tag));
        Assert.False(KeyConfirmation.Verify(key, "Tag_D1", Transcript, tag[..31]));
        // The confirmation key is derived from SEK, not SEK itself: a plain HMAC under SEK is not the tag.
        Assert.NotEqual(HMACSHA256.HashData(key.Export(), new FieldWriter().Add("Tag_D1").Add(Transcript).ToArray()), tag);
    }
}
