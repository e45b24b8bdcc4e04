using System.Diagnostics;
using AdminChat.Tests.Browser;

namespace AdminChat.Tests.Web.Cli;

/// <summary>Runs the built web executable with a command, as an operator would, and captures what it prints.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var webDirectory = Path.Combine(AppProcess.RepositoryRoot(), "src", "AdminChat.Web");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = webDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(webDirectory, "bin", configuration, "net10.0", "AdminChat.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Nothing from the machine may decide what the command sees.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["OPENROUTER_API_KEY"] = "";
        start.Environment["OPENAI_API_KEY"] = "";
        start.Environment["ALLOW_MOCK_LLM"] = "";
        start.Environment["AdminChat__Storage__DataDirectory"] = Path.Combine(Path.GetTempPath(), "adminchat-cli-tests");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await output + await error);
    }
}
