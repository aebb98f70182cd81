namespace EmrAuth.Domain.Crypto;

/// <summary>
/// B_P as the smart device derives it: HKDF over the patient's biometric secret, bound to ID_P. The raw
/// biometric value never leaves the device object (docs/protocol.md#d-biometric-password).
/// </summary>
public static class BiometricPassword
{
    public const int Length = 32;

    public static byte[] Derive(ReadOnlySpan<byte> biometricSecret, string patientId)
    {
        if (biometricSecret.Length < 16)
        {
            throw new ArgumentException("The biometric secret must be at least 16 bytes.", nameof(biometricSecret));
        }
        return KeyDerivation.Derive(biometricSecret, "EmrAuth B_P v1"u8, System.Text.Encoding.UTF8.GetBytes(patientId), Length);
    }
}
