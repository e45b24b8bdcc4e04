using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace AdminChat.Bench;

/// <summary>
/// The published app (Release) as its own process on a free loopback port, in Production, with its own SQLite folder
/// and a bootstrap administrator; pointed at the fake provider. Stopped (this process only, by its id) on dispose.
/// </summary>
public sealed partial class AppHost : IAsyncDisposable
{
    public const string Email = "bench@adminchat.local";
    public const string Password = "Bench-Admin-Passw0rd";
    private readonly Process _process;
    private readonly string _dataDirectory;

    private AppHost(Process process, int port, string dataDirectory)
    {
        _process = process;
        Port = port;
        _dataDirectory = dataDirectory;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public static async Task<AppHost> StartAsync(string appDll, Uri providerUrl, IReadOnlyDictionary<string, string>? extra = null)
    {
        var port = FreePort();
        var data = Directory.CreateTempSubdirectory("adminchat-bench-").FullName;
        var start = new ProcessStartInfo("dotnet", [appDll])
        {
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Logging__LogLevel__Default"] = "Warning",
            ["AdminChat__Storage__DataDirectory"] = data,
            ["AdminChat__Bootstrap__Email"] = Email,
            ["AdminChat__Bootstrap__Password"] = Password,
            ["AdminChat__Llm__Provider"] = "OpenAICompatible",
            ["AdminChat__Llm__BaseUrl"] = providerUrl.ToString().TrimEnd('/'),
            ["AdminChat__Llm__Models__0"] = FakeProvider.Model,
            ["AdminChat__Diagnostics__ChunkTimings"] = "true",
            // The benchmark measures streaming of the model it configures, not the router's choice of tier.
            ["ENABLE_INTELLIGENT_ROUTING"] = "false",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new AppHost(process, port, data);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                using var live = await http.GetAsync(new Uri(host.BaseUrl, "health/live"));
                if (live.IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        await host.DisposeAsync();
        lock (output)
        {
            throw new InvalidOperationException($"The app did not come up:\n{output}");
        }
    }

    /// <summary>The app's resident memory (VmRSS) in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>Signs in through the real form; the returned cookies carry the Admin session.</summary>
    public async Task<CookieContainer> SignInAsync()
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = BaseUrl };
        var page = await http.GetStringAsync("account/login");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups["token"].Value);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = Email,
            ["Input.Password"] = Password,
            ["__RequestVerificationToken"] = token,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "account/login") { Content = form };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException($"Sign-in answered {(int)response.StatusCode}");
        }

        return cookies;
    }

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
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("""name="__RequestVerificationToken" value="(?<token>[^"]+)"\s*/?>""")]
    private static partial Regex TokenPattern();
}
