using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;

namespace EmrAuth.Web.Infrastructure.Persistence;

/// <summary>
/// A patient's delegation of another account (issue 14), as the public cloud registered it: the patient-signed
/// Delegation_P || Sig_G and, once revoked, Revocation_G || Sig_R. The other columns repeat the signed fields for queries.
/// </summary>
public sealed class DelegationRecord
{
    /// <summary>N_G, the delegation's 16 random bytes.</summary>
    public Guid Id { get; set; }

    public required string PatientId { get; set; }

    /// <summary>ID_G: the delegate's account (user name).</summary>
    public required string DelegateUserName { get; set; }

    public required string Role { get; set; }

    public int Permissions { get; set; }

    public DateTimeOffset NotBefore { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    public required byte[] SignedDelegation { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public byte[]? SignedRevocation { get; set; }

    /// <summary>
    /// Gives the public cloud this delegation as stored: at start, and before each check on any instance, since another
    /// instance may have registered or revoked it since (docs/postgresql.md#several-instances).
    /// </summary>
    public void RestoreInto(PublicCloud cloud) =>
        cloud.RestoreDelegation(Domain.Messages.SignedDelegation.Decode(SignedDelegation),
            SignedRevocation is { } revocation ? SignedDelegationRevocation.Decode(revocation) : null);
}
