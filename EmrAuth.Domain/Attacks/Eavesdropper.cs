using System.Text;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Attacks;

/// <summary>What a network observer learns from one part of one message, comparing two visits of one patient.</summary>
public enum Linkage
{
    /// <summary>Differs between the patient's two visits, or is the same for everyone.</summary>
    None,

    /// <summary>Same length in both of the patient's visits and another length for the other patient.</summary>
    SameLength,

    /// <summary>Same bytes in both of the patient's visits and other bytes for the other patient.</summary>
    SameValue,

    /// <summary>The patient's identity is readable in it.</summary>
    Identifies,
}

/// <summary>One part as the observer saw it in the first visit (A), the second (B) and the other patient's visit (C).</summary>
public sealed record ObservedPart(string Message, string Part, string? HexA, string? HexB, int SizeA, int SizeB, int SizeOther, Linkage Linkage, string Note);

/// <summary>Everything on the wire in two visits of one patient, side by side, and which parts identify or link the patient.</summary>
public sealed record EavesdropperReport(string PatientId, string OtherPatientId, IReadOnlyList<ObservedPart> Parts)
{
    public IEnumerable<ObservedPart> Linking => Parts.Where(p => p.Linkage != Linkage.None);

    /// <summary>One line per identifying or linking part: where it travels ("PS_P in M3, M4, M5, M6") and why it links.</summary>
    public IReadOnlyList<string> Findings() => Linking.GroupBy(p => (p.Part, p.Linkage))
        .Select(g => $"{g.Key.Part} in {string.Join(", ", g.Select(p => ShortName(p.Message)).Distinct())}: {g.First().Note}").ToList();

    /// <summary>"C_P1, Sig_P1, T_P1" → "P1": the suffix of the message's timestamp.</summary>
    private static string ShortName(string message) => message.Split(", ")[^1].Replace("T_", "", StringComparison.Ordinal);
}

/// <summary>
/// The passive observer: it sees every message's parts as they crossed the network (not who the endpoints are, which
/// is outside the protocol). A part links the patient when it is the same in the patient's two visits and different
/// in another patient's visit with the same doctor: that is what lets an observer tell "the same patient again".
/// </summary>
public static class Eavesdropper
{
    public static EavesdropperReport Compare(string patientId, string otherPatientId,
        IReadOnlyList<MessageEvent> first, IReadOnlyList<MessageEvent> second, IReadOnlyList<MessageEvent> other)
    {
        var parts = new List<ObservedPart>();
        for (var m = 0; m < Math.Min(first.Count, second.Count); m++)
        {
            var (a, b) = (first[m], second[m]);
            var c = m < other.Count && other[m].Name == a.Name ? other[m] : null;
            for (var p = 0; p < Math.Min(a.Parts.Count, b.Parts.Count); p++)
            {
                parts.Add(Observe(patientId, a.Name, a.Parts[p], b.Parts[p], c?.Parts.ElementAtOrDefault(p)));
            }
        }
        return new EavesdropperReport(patientId, otherPatientId, parts);
    }

    private static ObservedPart Observe(string patientId, string message, MessagePart a, MessagePart b, MessagePart? other)
    {
        var id = Encoding.UTF8.GetBytes(patientId);
        var otherSize = other?.Size ?? -1;
        var (linkage, note) = (a.Bytes, b.Bytes) switch
        {
            (null, _) or (_, null) => (Linkage.None, "not sent over the network (registration's secure channel)"),
            var (x, y) when Contains(x, id) || Contains(y, id) => (Linkage.Identifies, $"contains ID_P ({patientId}) in the clear"),
            var (x, y) when x.AsSpan().SequenceEqual(y) && (other?.Bytes is null || !other.Bytes.AsSpan().SequenceEqual(x)) =>
                (Linkage.SameValue, "the same bytes in both sessions of this patient, other bytes for another patient"),
            var (x, y) when x.AsSpan().SequenceEqual(y) => (Linkage.None, "the same for the other patient too"),
            var (x, y) when x.Length == y.Length && other is not null && otherSize != x.Length =>
                (Linkage.SameLength, $"{x.Length} bytes in both sessions, {otherSize} for another patient: the length depends on the patient"),
            var (x, y) when x.Length == y.Length => (Linkage.None, "differs between the patient's two sessions; the same length for another patient"),
            _ => (Linkage.None, "differs in bytes and length between the patient's two sessions"),
        };
        return new ObservedPart(message, a.Name, Hex(a.Bytes), Hex(b.Bytes), a.Size, b.Size, otherSize, linkage, note);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static string? Hex(byte[]? bytes) => bytes is null ? null : Convert.ToHexString(bytes);
}
