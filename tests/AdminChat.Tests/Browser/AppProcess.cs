using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AdminChat.Tests.Browser;

/// <summary>
/// The real web app, started as its own process on Kestrel at a free loopback port, the way an operator runs it.
/// Configuration comes in through environment variables, as it would in production.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, string> _environment;
    private Process? _process;

    private AppProcess(int port, Dictionary<string, string> environment)
    {
        Port = port;
        _environment = environment;
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

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

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var app = new AppProcess(FreePort(), env);
        await app.StartAgainAsync();
        return app;
    }

    /// <summary>Starts the process (again, after <see cref="StopAsync"/>) on the same port.</summary>
    public async Task StartAgainAsync()
    {
        var webDirectory = Path.Combine(RepositoryRoot(), "src", "AdminChat.Web");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        var dll = Path.Combine(webDirectory, "bin", configuration, "net10.0", "AdminChat.Web.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the web project first: {dll} is missing.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = webDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{Port}");
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilServingAsync();
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task WaitUntilServingAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseUrl, "admin/dashboard"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The app did not serve /admin/dashboard within 60 s:\n{Output}");
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AdminChat.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("AdminChat.sln not found above the test output.");
    }
}
