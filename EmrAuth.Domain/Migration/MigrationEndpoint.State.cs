using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Parties;

namespace EmrAuth.Domain.Migration;

/// <summary>
/// What an endpoint must keep across a restart (proof uses, reservations, owed commits, staged copies) and how it
/// forgets what can no longer matter. The export holds staged EHRs in clear: the caller seals it at rest.
/// </summary>
public sealed partial class MigrationEndpoint
{
    private const string StateVersion = "MigrationEndpoint v1";

    /// <summary>Proofs whose M8 this source sent (M7 accepted) and has not seen consumed at the destination.</summary>
    public IReadOnlyCollection<MigrationProof> CommitsOwed => _awaitingCommit.Values.Select(t => t.Proof).ToArray();

    /// <summary>Proofs this source reserved (M5 accepted, M6 sent) and whose receipt has not arrived.</summary>
    public IReadOnlyCollection<MigrationProof> Reservations => _outgoing.Values.Select(t => t.Proof).ToArray();

    public byte[] ExportState()
    {
        lock (_gate)
        {
            var writer = new FieldWriter().Add(StateVersion).Add(_proofs.Count);
            foreach (var (nonce, state) in _proofs)
            {
                writer.Add(nonce).Add((long)state.Use).Add(state.NotAfter);
            }
            WriteTransfers(writer, _outgoing);
            WriteTransfers(writer, _awaitingCommit);
            writer.Add(_staged.Count);
            foreach (var (key, staged) in _staged)
            {
                writer.Add(key).Add(staged.Proof.Encode()).Add(MigrationContents.EncodeRecord(staged.Record)).Add(staged.SourceCertificate.Encode());
            }
            return writer.ToArray();
        }
    }

    /// <summary>Replaces this endpoint's state with an export (after a restart). Malformed input changes nothing.</summary>
    public void RestoreState(byte[] exported)
    {
        var reader = new FieldReader(exported);
        if (reader.ReadString() != StateVersion)
        {
            throw new MalformedMessageException("the endpoint state has an unknown version");
        }
        var proofs = new Dictionary<string, ProofState>();
        for (var i = ReadCount(reader); i > 0; i--)
        {
            var nonce = reader.ReadString();
            var use = (ProofUse)reader.ReadInt64();
            proofs[nonce] = Enum.IsDefined(use) ? new ProofState(use, reader.ReadInt64()) : throw new MalformedMessageException("unknown proof use");
        }
        var outgoing = ReadTransfers(reader);
        var awaiting = ReadTransfers(reader);
        var staged = new Dictionary<string, StagedTransfer>();
        for (var i = ReadCount(reader); i > 0; i--)
        {
            staged[reader.ReadString()] = new StagedTransfer(MigrationProof.Decode(reader.ReadBytes()), MigrationContents.DecodeRecord(reader.ReadBytes()),
                HospitalCertificate.Decode(reader.ReadBytes()));
        }
        reader.EnsureEnd();
        lock (_gate)
        {
            Replace(_proofs, proofs);
            Replace(_outgoing, outgoing);
            Replace(_awaitingCommit, awaiting);
            Replace(_staged, staged);
        }
    }

    /// <summary>Forgets owed commits the destination is known to have received (<paramref name="delivered"/>).</summary>
    internal int ForgetDeliveredCommits(Func<MigrationProof, bool> delivered)
    {
        lock (_gate)
        {
            var done = _awaitingCommit.Where(a => delivered(a.Value.Proof)).Select(a => a.Key).ToList();
            done.ForEach(key => _awaitingCommit.TryRemove(key, out _));
            return done.Count;
        }
    }

    /// <summary>
    /// Forgets every proof whose window closed more than ΔT ago (no message under it can pass the window or freshness
    /// checks any more), with its reservation and staged copy, unless <paramref name="commitOwed"/> keeps the copy.
    /// </summary>
    internal (int Proofs, int Staged) PruneExpired(Func<MigrationProof, bool> commitOwed)
    {
        var cutoff = (Hospital.Now - Hospital.Options.FreshnessWindow).ToUnixTimeMilliseconds();
        lock (_gate)
        {
            var staged = _staged.Where(s => s.Value.Proof.NotAfter < cutoff && !commitOwed(s.Value.Proof)).Select(s => s.Key).ToList();
            staged.ForEach(key => _staged.TryRemove(key, out _));
            foreach (var key in _outgoing.Where(o => o.Value.Proof.NotAfter < cutoff).Select(o => o.Key).ToList())
            {
                _outgoing.TryRemove(key, out _);
            }
            var kept = _staged.Values.Select(s => s.Proof.NonceHex).ToHashSet();
            var proofs = _proofs.Where(p => p.Value.NotAfter < cutoff && !kept.Contains(p.Key)).Select(p => p.Key).ToList();
            proofs.ForEach(key => _proofs.TryRemove(key, out _));
            return (proofs.Count, staged.Count);
        }
    }

    private static void WriteTransfers(FieldWriter writer, IReadOnlyDictionary<string, OutgoingTransfer> transfers)
    {
        writer.Add(transfers.Count);
        foreach (var (key, t) in transfers)
        {
            writer.Add(key).Add(t.Proof.Encode()).Add(t.PatientId).Add(t.DepartmentId).Add(t.RecordDigest).Add(t.Destination.Encode()).Add(t.Source.Encode());
        }
    }

    private static Dictionary<string, OutgoingTransfer> ReadTransfers(FieldReader reader)
    {
        var transfers = new Dictionary<string, OutgoingTransfer>();
        for (var i = ReadCount(reader); i > 0; i--)
        {
            transfers[reader.ReadString()] = new OutgoingTransfer(MigrationProof.Decode(reader.ReadBytes()), reader.ReadString(), reader.ReadString(),
                reader.ReadBytes(), HospitalCertificate.Decode(reader.ReadBytes()), HospitalCertificate.Decode(reader.ReadBytes()));
        }
        return transfers;
    }

    private static long ReadCount(FieldReader reader)
    {
        var count = reader.ReadInt64();
        return count is >= 0 and <= 1_000_000 ? count : throw new MalformedMessageException("a count in the endpoint state is out of range");
    }

    private static void Replace<T>(System.Collections.Concurrent.ConcurrentDictionary<string, T> target, Dictionary<string, T> source)
    {
        target.Clear();
        foreach (var (key, value) in source)
        {
            target[key] = value;
        }
    }

    private readonly record struct ProofState(ProofUse Use, long NotAfter);

    private sealed record Delegation(string PatientId, string DepartmentId, CurvePoint PatientKey, byte[] Nonce);

    private sealed record OutgoingTransfer(MigrationProof Proof, string PatientId, string DepartmentId, byte[] RecordDigest,
        HospitalCertificate Destination, HospitalCertificate Source);

    private sealed record StagedTransfer(MigrationProof Proof, MedicalRecord Record, HospitalCertificate SourceCertificate);
}
