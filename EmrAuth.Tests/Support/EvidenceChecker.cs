using System.Diagnostics;
using System.Text.Json;

namespace EmrAuth.Tests.Support;

/// <summary>One command of an evidence bundle's verify.sh, run by OpenSSL itself.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output);

/// <summary>
/// Unpacks an evidence tar with the system's tar and runs the bundle's OpenSSL commands exactly as
/// docs/evidence-format.md tells a reader to: no EmrAuth code takes part in the check.
/// </summary>
public sealed class EvidenceChecker : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "emrauth-evidence-" + Guid.NewGuid().ToString("N"));

    public EvidenceChecker(byte[] tar, string folderName)
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, folderName + ".tar");
        File.WriteAllBytes(file, tar);
        var untar = Run(_root, "tar", ["-xf", file]);
        Assert.True(untar.ExitCode == 0, $"tar -xf failed: {untar.Output}");
        Folder = Path.Combine(_root, folderName);
        Manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, "manifest.json")));
    }

    public string Folder { get; }

    public JsonDocument Manifest { get; }

    public IEnumerable<JsonElement> Signatures => Manifest.RootElement.GetProperty("signatures").EnumerateArray();

    /// <summary>The openssl lines of verify.sh.</summary>
    public IReadOnlyList<string> Commands =>
        File.ReadAllLines(Path.Combine(Folder, "verify.sh")).Where(l => l.StartsWith("openssl ", StringComparison.Ordinal)).ToList();

    public CommandResult RunCommand(string command)
    {
        var words = command.Split(' ');
        return Run(Folder, words[0], words[1..]) with { Command = command };
    }

    /// <summary>Runs the bundle's whole verify.sh with sh, as a reader would.</summary>
    public CommandResult RunScript(params string[] arguments) => Run(Folder, "sh", ["verify.sh", .. arguments]) with { Command = "sh verify.sh" };

    public void FlipLastByte(string relativePath)
    {
        var path = Path.Combine(Folder, relativePath);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(path, bytes);
    }

    private static CommandResult Run(string directory, string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CommandResult(program, process.ExitCode, output.Result + error.Result);
    }

    public void Dispose()
    {
        Manifest.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
