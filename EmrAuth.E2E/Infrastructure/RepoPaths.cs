namespace EmrAuth.E2E.Infrastructure;

/// <summary>Locates the repository and sibling build outputs relative to the running test assembly.</summary>
internal static class RepoPaths
{
    private const string SolutionFile = "EmrAuth.sln";

    public static string Root { get; } = FindRoot();

    public static string Artifacts => Path.Combine(Root, "artifacts");

    /// <summary>
    /// The output folder of <paramref name="project"/> for the same build flavour as this test assembly:
    /// the test runs from EmrAuth.E2E/bin/{Configuration}/{TargetFramework}/{RuntimeIdentifier}/, so the same
    /// relative path is used under the other project.
    /// </summary>
    public static string OutputDirOf(string project)
    {
        var ownProjectDir = Path.Combine(Root, "EmrAuth.E2E");
        var relative = Path.GetRelativePath(ownProjectDir, AppContext.BaseDirectory);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new InvalidOperationException(
                $"Test assembly runs from {AppContext.BaseDirectory}, which is outside {ownProjectDir}; cannot infer the {project} output folder.");
        }

        return Path.Combine(Root, project, relative);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} found above {AppContext.BaseDirectory}.");
    }
}
