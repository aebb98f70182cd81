using System.Collections.Concurrent;
using System.Text.Json;

namespace EmrAuth.Tests.Crypto;

/// <summary>Test data shipped in the repository (TestData/, copied beside the test binaries by the project file).</summary>
internal static class TestDataPaths
{
    /// <summary>The Wycheproof vectors (Apache-2.0, see TestData/wycheproof/README.md).</summary>
    public static string WycheproofDirectory => Existing(Path.Combine(AppContext.BaseDirectory, "TestData", "wycheproof"));

    /// <summary>A portal data folder written by the previous version (see TestData/upgrade-v1/MANIFEST.md).</summary>
    public static string UpgradeV1Directory => Existing(Path.Combine(AppContext.BaseDirectory, "TestData", "upgrade-v1"));

    public static string Existing(string directory) =>
        Directory.Exists(directory)
            ? directory
            : throw new DirectoryNotFoundException($"Test data not found at '{directory}': it must be copied to the test output (see EmrAuth.Tests.csproj).");
}

/// <summary>One Wycheproof test case together with the group it belongs to.</summary>
internal sealed record WycheproofCase(int TcId, string Result, IReadOnlyList<string> Flags, string Comment, JsonElement Test, JsonElement Group)
{
    public bool IsValid => Result == "valid";
    public bool IsInvalid => Result == "invalid";
    public bool IsAcceptable => Result == "acceptable";

    public string Hex(string field) => Test.GetProperty(field).GetString()!;

    public byte[] Bytes(string field) => Convert.FromHexString(Hex(field));

    public override string ToString() => $"tcId {TcId} ({Result}; flags [{string.Join(", ", Flags)}]; \"{Comment}\")";
}

/// <summary>A parsed Wycheproof file: the header's numberOfTests and every case keyed by tcId.</summary>
internal sealed class WycheproofFile
{
    private static readonly ConcurrentDictionary<string, WycheproofFile> Cache = new();

    private WycheproofFile(string name, int declaredCount, IReadOnlyDictionary<int, WycheproofCase> cases)
    {
        Name = name;
        DeclaredCount = declaredCount;
        Cases = cases;
    }

    public string Name { get; }

    /// <summary>The file header's numberOfTests.</summary>
    public int DeclaredCount { get; }

    public IReadOnlyDictionary<int, WycheproofCase> Cases { get; }

    public static WycheproofFile Load(string fileName) => Cache.GetOrAdd(fileName, Read);

    /// <summary>MemberData rows: one per tcId, so a failure names the tcId.</summary>
    public static TheoryData<int> TcIds(string fileName)
    {
        var data = new TheoryData<int>();
        foreach (var tcId in Load(fileName).Cases.Keys.Order())
        {
            data.Add(tcId);
        }
        return data;
    }

    public WycheproofCase this[int tcId] => Cases[tcId];

    private static WycheproofFile Read(string fileName)
    {
        var path = Path.Combine(TestDataPaths.WycheproofDirectory, fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Wycheproof vector file '{path}' is missing.", path);
        }
        // The document is kept alive for the test run: JsonElement values point into it.
        var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var cases = new Dictionary<int, WycheproofCase>();
        foreach (var group in root.GetProperty("testGroups").EnumerateArray())
        {
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                var tcId = test.GetProperty("tcId").GetInt32();
                var flags = test.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!).ToArray();
                var entry = new WycheproofCase(tcId, test.GetProperty("result").GetString()!, flags,
                    test.GetProperty("comment").GetString()!, test, group);
                if (!cases.TryAdd(tcId, entry))
                {
                    throw new InvalidDataException($"{fileName}: duplicate tcId {tcId}.");
                }
            }
        }
        return new WycheproofFile(fileName, root.GetProperty("numberOfTests").GetInt32(), cases);
    }
}

internal static class WycheproofEncoding
{
    /// <summary>
    /// A big-endian unsigned integer as exactly <paramref name="length"/> bytes: Wycheproof writes private keys and
    /// coordinates as ASN.1-style integers, sometimes with a leading 00 byte and sometimes shorter than the field.
    /// </summary>
    public static byte[] FixedLength(byte[] value, int length)
    {
        var start = 0;
        while (start < value.Length - length && value[start] == 0)
        {
            start++;
        }
        if (value.Length - start > length)
        {
            throw new InvalidDataException($"Integer of {value.Length} bytes does not fit in {length} bytes.");
        }
        var result = new byte[length];
        value.AsSpan(start).CopyTo(result.AsSpan(length - (value.Length - start)));
        return result;
    }
}
