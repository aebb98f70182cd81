namespace EmrAuth.Tests.Vectors;

/// <summary>
/// Guards docs/vectors/*.json: the protocol code, run again with the same seeds, must produce them byte for byte.
/// To regenerate after an intended change: EMRAUTH_REGENERATE_VECTORS=1 dotnet test EmrAuth.Tests --filter KnownAnswerVectorTests
/// </summary>
public sealed class KnownAnswerVectorTests
{
    public const string RegenerateVariable = "EMRAUTH_REGENERATE_VECTORS";

    [Fact]
    public void Vectors_AreWhatTheCodeProduces()
    {
        var generated = VectorGenerator.All();
        var folder = VectorFiles.Folder;
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            foreach (var stale in Directory.EnumerateFiles(folder, "*.json"))
            {
                File.Delete(stale);
            }
            foreach (var (name, text) in generated)
            {
                File.WriteAllText(Path.Combine(folder, name), text);
            }
        }
        var hint = $"Regenerate with: {RegenerateVariable}=1 dotnet test EmrAuth.Tests --filter KnownAnswerVectorTests (see docs/vectors/README.md).";
        Assert.True(generated.Keys.SequenceEqual(VectorFiles.Names), $"docs/vectors holds [{string.Join(", ", VectorFiles.Names)}], the generator makes [{string.Join(", ", generated.Keys)}]. {hint}");
        foreach (var (name, text) in generated)
        {
            var stored = File.ReadAllText(Path.Combine(folder, name));
            if (stored != text)
            {
                var line = FirstDifferentLine(stored, text);
                Assert.Fail($"{name} differs from what the code produces, first at line {line.Number}:\n stored:    {line.Stored}\n generated: {line.Generated}\n{hint}");
            }
        }
    }

    [Fact]
    public void Generation_IsReproducible_AndSeedDependent()
    {
        Assert.Equal(VectorGenerator.All(), VectorGenerator.All());
        Assert.NotEqual(VectorGenerator.All()["visit-paper.json"], VectorGenerator.All()["visit-hardened.json"]);
    }

    private static (int Number, string Stored, string Generated) FirstDifferentLine(string stored, string generated)
    {
        var a = stored.Split('\n');
        var b = generated.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end>";
            var right = i < b.Length ? b[i] : "<end>";
            if (left != right)
            {
                return (i + 1, left, right);
            }
        }
        return (0, "", "");
    }
}

/// <summary>Where the vectors live in the repository (found from the test binary by walking up to EmrAuth.sln).</summary>
internal static class VectorFiles
{
    public static string Folder
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EmrAuth.sln")))
            {
                directory = directory.Parent;
            }
            return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("EmrAuth.sln not found above the test binary."), "docs", "vectors");
        }
    }

    public static IReadOnlyList<string> Names =>
        Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
}
