using System.Buffers.Binary;

namespace EmrAuth.Tests.Messages;

/// <summary>
/// An encoding read as the FieldWriter wrote it: length-prefixed fields, a field whose bytes are themselves a whole
/// sequence of fields (a signed statement inside a message) read as a nested tree. Used to edit one field of a valid
/// encoding and re-encode the rest, so the edit reaches that field's decoder instead of breaking a length prefix.
/// </summary>
public sealed class FieldTree
{
    private FieldTree(byte[] bytes, IReadOnlyList<FieldTree>? children)
    {
        Bytes = bytes;
        Children = children;
    }

    public byte[] Bytes { get; }

    /// <summary>The nested fields, or null for a leaf.</summary>
    public IReadOnlyList<FieldTree>? Children { get; }

    public static FieldTree Read(byte[] bytes) => new(bytes, Split(bytes));

    /// <summary>Every encoding with one field (at any depth) replaced by <paramref name="replacement"/>.</summary>
    public IEnumerable<byte[]> WithEachFieldReplacedBy(byte[] replacement)
    {
        if (Children is null)
        {
            yield break;
        }
        for (var i = 0; i < Children.Count; i++)
        {
            yield return Join(Children.Select((c, j) => j == i ? replacement : c.Bytes));
            foreach (var edited in Children[i].WithEachFieldReplacedBy(replacement))
            {
                yield return Join(Children.Select((c, j) => j == i ? edited : c.Bytes));
            }
        }
    }

    private static List<FieldTree>? Split(byte[] bytes)
    {
        var fields = new List<byte[]>();
        for (var at = 0; at < bytes.Length;)
        {
            if (bytes.Length - at < sizeof(int))
            {
                return null;
            }
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            at += sizeof(int);
            if (length < 0 || length > bytes.Length - at)
            {
                return null;
            }
            fields.Add(bytes[at..(at + length)]);
            at += length;
        }
        return fields.Count == 0 ? null : fields.Select(Read).ToList();
    }

    private static byte[] Join(IEnumerable<byte[]> fields)
    {
        var joined = new List<byte>();
        foreach (var field in fields)
        {
            var prefix = new byte[sizeof(int)];
            BinaryPrimitives.WriteInt32BigEndian(prefix, field.Length);
            joined.AddRange(prefix);
            joined.AddRange(field);
        }
        return [.. joined];
    }
}
