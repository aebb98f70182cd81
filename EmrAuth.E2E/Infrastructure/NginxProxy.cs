using System.Diagnostics;
using System.Net;

namespace EmrAuth.E2E.Infrastructure;

/// <summary>
/// Debian's nginx with the repository's <c>deploy/nginx.conf</c>, filled in as <c>deploy/local-cluster.sh</c> fills it,
/// in front of the given instances: in its own temporary prefix, on a free loopback port, in the foreground as a child
/// process (as "nobody" when the tests run as root). <see cref="AccessLog"/> says which instance served each request.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private const string Nginx = "/usr/sbin/nginx";

    private readonly string _prefix;
    private readonly Process _process;

    private NginxProxy(Process process, Uri baseUrl, string prefix) => (_process, BaseUrl, _prefix) = (process, baseUrl, prefix);

    public Uri BaseUrl { get; }

    public static async Task<NginxProxy> StartAsync(Uri instanceA, Uri instanceB)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(Nginx))
        {
            throw new InvalidOperationException($"nginx not found at {Nginx}. Run ./test.sh, which installs Debian's nginx package.");
        }
        var port = WebAppFixture.FreeLoopbackPort();
        var prefix = Path.Combine(Path.GetTempPath(), "emrauth-nginx-" + Guid.NewGuid().ToString("N"));
        // World-writable, so that nginx running as "nobody" can write its logs and temporary files there.
        Directory.CreateDirectory(prefix, (UnixFileMode)0b111_111_111);
        File.SetUnixFileMode(prefix, (UnixFileMode)0b111_111_111);
        var config = (await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "deploy", "nginx.conf")))
            .Replace("@PREFIX@", prefix, StringComparison.Ordinal)
            .Replace("@LISTEN@", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("@INSTANCE_A@", instanceA.Authority, StringComparison.Ordinal)
            .Replace("@INSTANCE_B@", instanceB.Authority, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), config);

        var start = new ProcessStartInfo(Environment.IsPrivilegedProcess ? "runuser" : Nginx) { UseShellExecute = false, RedirectStandardError = true };
        if (Environment.IsPrivilegedProcess)
        {
            foreach (var argument in new[] { "-u", "nobody", "--", Nginx })
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in new[] { "-p", prefix, "-c", Path.Combine(prefix, "nginx.conf"), "-e", Path.Combine(prefix, "error.log"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }
        var proxy = new NginxProxy(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"), prefix);
        await proxy.WaitUntilRespondingAsync();
        return proxy;
    }

    /// <summary>The access log so far: one line per request, with "upstream=" the instance that served it.</summary>
    public string AccessLog => File.Exists(Path.Combine(_prefix, "access.log")) ? File.ReadAllText(Path.Combine(_prefix, "access.log")) : "";

    public string ErrorLog => File.Exists(Path.Combine(_prefix, "error.log")) ? File.ReadAllText(Path.Combine(_prefix, "error.log")) : "";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary folder is harmless.
        }
    }

    private async Task WaitUntilRespondingAsync()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with code {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}\n{ErrorLog}");
            }
            try
            {
                using var response = await http.GetAsync(BaseUrl);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Found)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"nginx did not answer at {BaseUrl}.\n{ErrorLog}");
    }
}
