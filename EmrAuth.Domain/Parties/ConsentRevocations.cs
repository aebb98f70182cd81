using System.Collections.Concurrent;
using EmrAuth.Domain.Messages;

namespace EmrAuth.Domain.Parties;

/// <summary>
/// The grant ids a party has seen revoked, each with the patient's Revoke_P. Kept by every party that enforces grants
/// (the public cloud and each hospital cloud); a revocation is never taken back.
/// </summary>
/// <remarks>Thread-safe: a revocation may land while a grant search of the same patient runs.</remarks>
public sealed class ConsentRevocations
{
    private readonly ConcurrentDictionary<(string Patient, string Grant), ConsentRevocation> _revoked = new();

    public bool IsRevoked(string patientId, string grantId) => _revoked.ContainsKey((patientId, grantId));

    public ConsentRevocation? Find(string patientId, string grantId) => _revoked.GetValueOrDefault((patientId, grantId));

    public int Count => _revoked.Count;

    /// <summary>Records a verified revocation (or reloads one from storage after a restart); the first one stays.</summary>
    public void Add(ConsentRevocation revocation) => _revoked.TryAdd((revocation.PatientId, revocation.GrantId), revocation);
}
