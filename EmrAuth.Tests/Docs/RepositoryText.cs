using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EmrAuth.Tests.Docs;

/// <summary>
/// The repository's own text files as the docs tests read them: the root found by walking up from the test's base
/// directory to EmrAuth.sln, the files git tracks (or would track), and the anchors a Markdown file defines.
/// </summary>
internal static partial class RepositoryText
{
    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".razor", ".cshtml", ".md", ".json", ".sh", ".props", ".targets", ".csproj", ".sln", ".txt", ".css", ".js",
        ".html", ".yml", ".yaml", ".xml", ".config", ".editorconfig",
    };

    /// <summary>Build and run output, which git ignores too; used only when git cannot list the files.</summary>
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal)
    {
        ".git", "bin", "obj", "artifacts", "BenchmarkDotNet.Artifacts", "App_Data", "TestResults", "node_modules", ".vs", ".idea",
    };

    public static string Root { get; } = FindRoot();

    /// <summary>Repository-relative paths (with '/') of the text files git tracks or would track.</summary>
    public static IReadOnlyList<string> TextFiles { get; } = ListFiles()
        .Where(path => TextExtensions.Contains(Path.GetExtension(path)) || Path.GetFileName(path) is "run" or ".editorconfig")
        .Where(path => File.Exists(Path.Combine(Root, path)))
        .ToArray();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>
    /// The anchors a Markdown file defines: explicit <c>id="…"</c> attributes and GitHub's slug of every heading
    /// (lower case, HTML tags and punctuation dropped, spaces as hyphens, "-1", "-2" … for repeats).
    /// </summary>
    public static IReadOnlySet<string> AnchorsOf(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match id in IdAttribute().Matches(markdown))
        {
            anchors.Add(id.Groups[1].Value);
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in markdown.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            var heading = inFence ? null : Heading().Match(line);
            if (heading is not { Success: true })
            {
                continue;
            }
            var slug = Slug(heading.Groups[1].Value);
            anchors.Add(seen.TryGetValue(slug, out var count) ? $"{slug}-{count}" : slug);
            seen[slug] = count + 1;
        }
        return anchors;
    }

    private static string Slug(string heading)
    {
        var text = HtmlTag().Replace(heading, "").Trim().ToLowerInvariant();
        var kept = text.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').ToArray();
        return new string(kept).Replace(' ', '-');
    }

    private static IEnumerable<string> ListFiles()
    {
        try
        {
            var start = new ProcessStartInfo("git", "ls-files -z --cached --others --exclude-standard")
            {
                WorkingDirectory = Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            if (git.ExitCode == 0)
            {
                return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No git on this machine: walk the tree instead.
        }
        return Walk(new DirectoryInfo(Root)).Select(f => Path.GetRelativePath(Root, f.FullName).Replace('\\', '/'));
    }

    private static IEnumerable<FileInfo> Walk(DirectoryInfo folder) =>
        folder.EnumerateFiles().Concat(folder.EnumerateDirectories()
            .Where(d => !SkippedFolders.Contains(d.Name))
            .SelectMany(Walk));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "EmrAuth.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No EmrAuth.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("""\bid="([^"]+)"\s*>""")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex HtmlTag();
}
