namespace EmrAuth.Domain.Crypto;

/// <summary>
/// The group the paper calls E/F_q with generator P: NIST P-256 (secp256r1), cofactor 1, so every point on the curve
/// is in the group of order q. Point arithmetic is libcrypto's (<see cref="Native.P256"/>), scalar arithmetic
/// <see cref="ScalarField"/>'s.
/// </summary>
internal static class Curve
{
    public const int ScalarLength = 32;
    public const int CompressedPointLength = 33;
    public const int UncompressedPointLength = 65;
}
