using System.Runtime.InteropServices;

namespace EmrAuth.Domain.Crypto.Native;

/// <summary>
/// Owners of libcrypto objects. SafeHandle reference-counts each handle across P/Invoke calls, so a handle disposed on
/// one thread is never freed while another thread's call still uses it, and a handle that was never disposed is freed by
/// its finalizer. Points, numbers and contexts are freed with the clearing variants: they may hold secrets.
/// </summary>
internal abstract class LibCryptoHandle : SafeHandle
{
    protected LibCryptoHandle() : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;
}

internal sealed class SafeEcGroupHandle : LibCryptoHandle
{
    protected override bool ReleaseHandle()
    {
        LibCrypto.EC_GROUP_free(handle);
        return true;
    }
}

internal sealed class SafeEcPointHandle : LibCryptoHandle
{
    protected override bool ReleaseHandle()
    {
        LibCrypto.EC_POINT_clear_free(handle);
        return true;
    }
}

internal sealed class SafeBigNumHandle : LibCryptoHandle
{
    protected override bool ReleaseHandle()
    {
        LibCrypto.BN_clear_free(handle);
        return true;
    }
}

internal sealed class SafeBnCtxHandle : LibCryptoHandle
{
    protected override bool ReleaseHandle()
    {
        LibCrypto.BN_CTX_free(handle);
        return true;
    }
}
