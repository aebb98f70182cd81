using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EmrAuth.E2E.Infrastructure;

/// <summary>
/// Runs the built EmrAuth.Web app as a child process on a free loopback port, with its own fresh data folder (SQLite
/// database and Data Protection keys, seeded with the demo world on start) in a temporary directory that is deleted
/// afterwards. The login rate limit is raised to <see cref="TestLoginPermitLimit"/> per minute, because every test
/// signs in from 127.0.0.1; a subclass can keep the app's default instead (see <see cref="WebAppFixture(int?)"/>).
/// </summary>
public class WebAppFixture : IAsyncLifetime
{
    /// <summary>Sign-in attempts per client address and minute that the shared app allows (the app's default is 5).</summary>
    public const int TestLoginPermitLimit = 1000;

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _output = new();
    private readonly int? _loginPermitLimit;
    private Process? _process;

    public WebAppFixture()
        : this(TestLoginPermitLimit)
    {
    }

    /// <param name="loginPermitLimit">
    /// Passed as EmrAuth:LoginRateLimit:PermitLimit; null starts the app with its own default limit.
    /// </param>
    protected WebAppFixture(int? loginPermitLimit)
        : this(loginPermitLimit, Path.Combine(Path.GetTempPath(), "emrauth-e2e-" + Guid.NewGuid().ToString("N")))
    {
    }

    /// <param name="loginPermitLimit">As above.</param>
    /// <param name="dataDirectory">The data folder; several instances of one deployment share theirs.</param>
    protected WebAppFixture(int? loginPermitLimit, string dataDirectory) =>
        (_loginPermitLimit, DataDirectory) = (loginPermitLimit, dataDirectory);

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The app's data folder (Storage:DataDirectory), a fresh temporary directory unless a subclass shares one.</summary>
    public string DataDirectory { get; }

    /// <summary>The app's SQLite database file.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "emrauth.db");

    /// <summary>Everything the app wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        var (executable, _) = await LocateAppAsync();
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Web app not built: {executable} is missing. Run ./test.sh or dotnet build.");
        }

        BaseUrl = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}/");
        await StartProcessAsync();
    }

    /// <summary>Kills the app (as a crash or a redeploy would) and starts it again on the same address and data folder.</summary>
    public async Task RestartAsync()
    {
        StopProcess();
        await StartProcessAsync();
    }

    /// <summary>
    /// SIGKILL (what <see cref="Process.Kill()"/> sends on Linux): the app gets no chance to finish a request, flush or
    /// close anything, as when its machine dies. <see cref="RestartAsync"/> starts it again.
    /// </summary>
    public void Kill() => StopProcess();

    /// <summary>The ASPNETCORE_ENVIRONMENT the app runs in.</summary>
    protected virtual string EnvironmentName => "Development";

    /// <summary>Further configuration passed on the command line (e.g. "SignUp:PerAddressPerHour"); none by default.</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings => [];

    /// <summary>
    /// The app's executable and its content root. The build output, with the project folder as content root so that
    /// Development-time static web assets (wwwroot, packages) resolve.
    /// </summary>
    protected virtual Task<(string Executable, string ContentRoot)> LocateAppAsync() =>
        Task.FromResult((Path.Combine(RepoPaths.OutputDirOf("EmrAuth.Web"), "EmrAuth.Web"), Path.Combine(RepoPaths.Root, "EmrAuth.Web")));

    private async Task StartProcessAsync()
    {
        var (executable, contentRoot) = await LocateAppAsync();
        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add(BaseUrl.ToString().TrimEnd('/'));
        startInfo.ArgumentList.Add("--contentRoot");
        startInfo.ArgumentList.Add(contentRoot);
        startInfo.ArgumentList.Add("--Storage:DataDirectory");
        startInfo.ArgumentList.Add(DataDirectory);
        if (_loginPermitLimit is { } permitLimit)
        {
            startInfo.ArgumentList.Add("--EmrAuth:LoginRateLimit:PermitLimit");
            startInfo.ArgumentList.Add(permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        foreach (var (key, value) in Settings)
        {
            startInfo.ArgumentList.Add("--" + key);
            startInfo.ArgumentList.Add(value);
        }

        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = EnvironmentName;

        _process = new Process { StartInfo = startInfo };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await WaitUntilRespondingAsync(_process);
    }

    public Task DisposeAsync()
    {
        StopProcess();

        try
        {
            if (Directory.Exists(DataDirectory))
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }

    private void StopProcess()
    {
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        _process = null;
    }

    private async Task WaitUntilRespondingAsync(Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartupTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"EmrAuth.Web exited with code {process.ExitCode} during startup. Output:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(BaseUrl);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Request timed out; retry until the deadline.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"EmrAuth.Web did not answer at {BaseUrl} within {StartupTimeout}. Output:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    internal static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
