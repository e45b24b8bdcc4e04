using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AdminChat.Tests.Browser;

/// <summary>
/// The real web app, started as its own process on Kestrel at a free loopback port, the way an operator runs it.
/// Configuration comes in through environment variables, as it would in production. Each instance has its own
/// database in a fresh temporary folder (kept across <see cref="StopAsync"/> / <see cref="StartAgainAsync"/>, deleted
/// on dispose) and, unless the test says otherwise, a bootstrap administrator it can sign in as.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string DefaultAdminEmail = "admin@adminchat.test";
    public const string DefaultAdminPassword = "Test-Admin-Passw0rd";

    /// <summary>Environment that leaves the bootstrap administrator out, for first-run tests.</summary>
    /// <summary>The simulated model answering at once and fast: for tests about what happens after answers, not during.</summary>
    public static IReadOnlyDictionary<string, string> FastSimulatedModel { get; } = new Dictionary<string, string>
    {
        ["AdminChat__Llm__Provider"] = "Simulated",
        ["AdminChat__Llm__Simulated__TimeToFirstTokenMs"] = "0",
        ["AdminChat__Llm__Simulated__TokensPerSecond"] = "2000",
    };

    public static IReadOnlyDictionary<string, string> WithoutBootstrapAdmin { get; } = new Dictionary<string, string>
    {
        ["AdminChat__Bootstrap__Email"] = "",
        ["AdminChat__Bootstrap__Password"] = "",
    };

    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, string> _environment;
    private readonly string? _ownedDataDirectory;
    private Process? _process;

    private AppProcess(int port, Dictionary<string, string> environment, string? ownedDataDirectory)
    {
        Port = port;
        _environment = environment;
        _ownedDataDirectory = ownedDataDirectory;
    }

    public int Port { get; }

    /// <summary>The SQLite folder the app uses (absolute).</summary>
    public string DataDirectory => _environment["AdminChat__Storage__DataDirectory"];

    /// <summary>The bootstrap administrator's email, or null when the test turned bootstrap off.</summary>
    public string? AdminEmail => NullIfEmpty(_environment.GetValueOrDefault("AdminChat__Bootstrap__Email"));

    public string? AdminPassword => NullIfEmpty(_environment.GetValueOrDefault("AdminChat__Bootstrap__Password"));

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
        var dataDirectory = Directory.CreateTempSubdirectory("adminchat-test-").FullName;
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Logging__LogLevel__Default"] = "Warning",
            ["AdminChat__Storage__DataDirectory"] = dataDirectory,
            ["AdminChat__Bootstrap__Email"] = DefaultAdminEmail,
            ["AdminChat__Bootstrap__Password"] = DefaultAdminPassword,
            // Tests of other features ask the model they pick; routing tests turn Auto back on.
            ["ENABLE_INTELLIGENT_ROUTING"] = "false",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var app = new AppProcess(FreePort(), env, dataDirectory);
        try
        {
            await app.StartAgainAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

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

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownedDataDirectory is not null && Directory.Exists(_ownedDataDirectory))
        {
            Directory.Delete(_ownedDataDirectory, recursive: true);
        }
    }

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
                // Liveness, not a page: pages need a signed-in administrator.
                using var response = await client.GetAsync(new Uri(BaseUrl, "health/live"));
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

        throw new TimeoutException($"The app did not answer /health/live within 60 s:\n{Output}");
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

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

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
