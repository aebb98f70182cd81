using System.Runtime.InteropServices;

namespace EmrAuth.Domain.Crypto.Native;

/// <summary>
/// Owners of libcrypto objects. SafeHandle reference-counts each handle across P/Invoke calls, so a handle disposed on
/// one thread is never freed while another thread's call still uses it, and a handle that was never disposed is freed by
/// its finalizer. Points, numbers and contexts are freed with the clearing variants: they may hold secrets. Each kind is
/// its own type because the marshaller creates the handle a function returns from the declared return type.
/// </summary>
internal abstract class LibCryptoHandle : SafeHandle
{
    protected LibCryptoHandle() : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected abstract void Free(IntPtr pointer);

    protected override bool ReleaseHandle()
    {
        Free(handle);
        return true;
    }
}

internal sealed class SafeEcGroupHandle : LibCryptoHandle
{
    protected override void Free(IntPtr pointer) => LibCrypto.EC_GROUP_free(pointer);
}

internal sealed class SafeEcPointHandle : LibCryptoHandle
{
    protected override void Free(IntPtr pointer) => LibCrypto.EC_POINT_clear_free(pointer);
}

internal sealed class SafeBigNumHandle : LibCryptoHandle
{
    protected override void Free(IntPtr pointer) => LibCrypto.BN_clear_free(pointer);
}

internal sealed class SafeBnCtxHandle : LibCryptoHandle
{
    protected override void Free(IntPtr pointer) => LibCrypto.BN_CTX_free(pointer);
}

internal sealed class SafeEcKeyHandle : LibCryptoHandle
{
    protected override void Free(IntPtr pointer) => LibCrypto.EC_KEY_free(pointer);
}

internal sealed class SafeEcdsaSigHandle : LibCryptoHandle
{
    protected override void Free(IntPtr pointer) => LibCrypto.ECDSA_SIG_free(pointer);
}
