using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Registry;

/// <summary>
/// The key issuance of Eqs. 2–10 read as an implicit certificate (docs/protocol.md#d-implicit-keys): e_X = Hq(ID_X || extra_X || R_X),
/// S_X = r + e_X·s, and anyone holding (ID_X, extra_X, R_X) and PK reconstructs PUK_X = R_X + e_X·PK = S_X·P.
/// extra_X is B_P for a patient, Cert_D for a doctor, and absent for a hospital. The escrow-free issuance of
/// <see cref="KeyIssuance.EscrowFree"/> keeps this verification equation and only changes who knows the parts of S_X.
/// </summary>
public static class ImplicitCertificate
{
    /// <summary>e_X, the hash of Eqs. 3, 6, 9 (and 4, 7, 10, 17, 22, 39, 44).</summary>
    public static Scalar IssuanceHash(string id, byte[]? extra, CurvePoint r)
    {
        var writer = new FieldWriter().Add(id);
        if (extra is not null)
        {
            writer.Add(extra);
        }
        return Hashing.ToScalar(writer.Add(r).ToArray());
    }

    /// <summary>PUK_X = R_X + e_X·PK.</summary>
    public static CurvePoint PublicPoint(Scalar issuanceHash, CurvePoint r, CurvePoint masterPublicKey) =>
        r.Add(masterPublicKey.Multiply(issuanceHash));
}
