using System.Text.RegularExpressions;

namespace EmrAuth.Tests.Docs;

/// <summary>
/// The documentation stays where code and readers point: the README stays short, every <c>docs/….md#anchor</c> cited in
/// code or docs (and every relative link inside Markdown) reaches a file and an anchor that exist, and nothing cites
/// notes or papers that are not in the repository.
/// </summary>
public sealed partial class DocsLinkTests
{
    private const int ReadmeMaxLines = 160;

    /// <summary>Built from parts so that this file does not contain what it forbids.</summary>
    private static readonly string[] Forbidden = ["NOTES " + "§", "seed " + "003"];

    [Fact]
    public void The_readme_is_short()
    {
        var lines = RepositoryText.Read("README.md").TrimEnd('\n').Split('\n').Length;
        Assert.True(lines <= ReadmeMaxLines, $"README.md has {lines} lines; keep it to {ReadmeMaxLines} and move detail into docs/.");
    }

    [Fact]
    public void Every_docs_reference_in_code_and_docs_reaches_an_existing_file_and_anchor()
    {
        var broken = new List<string>();
        foreach (var file in RepositoryText.TextFiles)
        {
            foreach (Match reference in DocsReference().Matches(RepositoryText.Read(file)))
            {
                var problem = Check(reference.Groups["path"].Value, reference.Groups["anchor"].Value);
                if (problem is not null)
                {
                    broken.Add($"{file}: {reference.Value}: {problem}");
                }
            }
        }
        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    [Fact]
    public void Every_relative_link_in_markdown_reaches_an_existing_file_and_anchor()
    {
        var broken = new List<string>();
        foreach (var file in RepositoryText.TextFiles.Where(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)))
        {
            var folder = Path.GetDirectoryName(file)!.Replace('\\', '/');
            foreach (Match link in MarkdownLink().Matches(RepositoryText.Read(file)))
            {
                var target = link.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }
                var hash = target.IndexOf('#');
                var path = hash < 0 ? target : target[..hash];
                var anchor = hash < 0 ? "" : target[(hash + 1)..];
                var resolved = path.Length == 0 ? file : Normalize(Path.Combine(folder, path));
                var problem = Check(resolved, anchor);
                if (problem is not null)
                {
                    broken.Add($"{file}: ({target}): {problem}");
                }
            }
        }
        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    [Fact]
    public void No_file_cites_notes_or_seeds_outside_the_repository()
    {
        var found = RepositoryText.TextFiles
            .SelectMany(file => Forbidden.Where(RepositoryText.Read(file).Contains).Select(text => $"{file}: \"{text}\""))
            .ToArray();
        Assert.True(found.Length == 0, "Point into docs/ instead:\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_anchor_reader_finds_ids_and_heading_slugs_and_nothing_else()
    {
        var anchors = RepositoryText.AnchorsOf("# Title\n\n## <a id=\"s1-x\"></a>1. The ‖ encoding\n\n## Cost\n\n```\n## not a heading\n```\n## Cost\n");
        Assert.Equal(["1-the--encoding", "cost", "cost-1", "s1-x", "title"], anchors.Order(StringComparer.Ordinal));
    }

    /// <summary>Null when the file exists and (for Markdown) defines the anchor; otherwise what is wrong.</summary>
    private static string? Check(string relativePath, string anchor)
    {
        var full = Path.Combine(RepositoryText.Root, relativePath);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return $"{relativePath} does not exist";
        }
        if (anchor.Length == 0 || !relativePath.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return RepositoryText.AnchorsOf(File.ReadAllText(full)).Contains(anchor) ? null : $"{relativePath} has no anchor #{anchor}";
    }

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }

    /// <summary>A path into docs/ ending in .md, with an optional anchor, as code comments and strings cite it.</summary>
    [GeneratedRegex(@"(?<![\w/.])(?<path>docs/[\w./-]+?\.md)(?:#(?<anchor>[\w-]+))?")]
    private static partial Regex DocsReference();

    /// <summary>A Markdown link or image target: ](target) without a title.</summary>
    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
