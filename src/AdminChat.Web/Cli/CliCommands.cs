using System.CommandLine;
using AdminChat.Core.Modes;
using AdminChat.Core.Providers;
using AdminChat.Core.Resilience;
using AdminChat.Core.Storage;
using Microsoft.Extensions.Options;

namespace AdminChat.Web.Cli;

/// <summary>
/// Operator commands on the web executable: <c>status</c>, <c>verify</c> and <c>nginx</c>. They read the same
/// configuration as the web host (appsettings, environment, <c>--Key=Value</c> arguments) but never start it.
/// </summary>
public static class CliCommands
{
    private static readonly string[] Names = ["status", "verify", "nginx"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Names.Contains(args[0], StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var root = new RootCommand("AdminChat operator commands. Without a command, the web app starts.");

        var status = new Command("status", "Show the mode, providers (keys masked), models, database and budget.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        status.SetAction((result, _) =>
        {
            using var app = BuildApp(result.UnmatchedTokens);
            StatusReport.Write(app.Services, output);
            return Task.FromResult(0);
        });

        var verify = new Command("verify", "Check the configuration and make one tiny real call to each provider.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        verify.SetAction(async (result, cancellationToken) =>
        {
            using var app = BuildApp(result.UnmatchedTokens);
            return await VerifyReport.RunAsync(app.Services, output, cancellationToken);
        });

        var serverName = new Option<string>("--server-name") { Description = "The public host name.", DefaultValueFactory = _ => "adminchat.example.com" };
        var upstreams = new Option<string[]>("--upstream")
        {
            Description = "An app instance as host:port; repeat for several instances.",
            DefaultValueFactory = _ => ["127.0.0.1:5000"],
            AllowMultipleArgumentsPerToken = true,
        };
        var nginx = new Command("nginx", "Print an nginx server block for AdminChat (WebSockets, long timeouts, no buffering, sticky sessions).")
        {
            serverName,
            upstreams,
        };
        nginx.SetAction((result, _) =>
        {
            output.Write(NginxConfig.Render(result.GetValue(serverName)!, result.GetValue(upstreams)!));
            return Task.FromResult(0);
        });

        root.Subcommands.Add(status);
        root.Subcommands.Add(verify);
        root.Subcommands.Add(nginx);
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output });
    }

    /// <summary>The web app's services and configuration, built but not started (nothing listens, nothing migrates).</summary>
    private static WebApplication BuildApp(IReadOnlyList<string> configurationArgs)
    {
        var builder = WebApplication.CreateBuilder([.. configurationArgs]);
        builder.Logging.ClearProviders();
        builder.AddApplicationServices();
        return builder.Build();
    }

    internal static string Mode(OperatingMode mode) =>
        $"{mode.Mode} (simulated model allowed: {YesNo(mode.AllowMockLlm)}, intelligent routing: {OnOff(mode.IntelligentRouting)}, "
        + $"hybrid streaming: {OnOff(mode.HybridStreaming)})";

    internal static string YesNo(bool value) => value ? "yes" : "no";

    internal static string OnOff(bool value) => value ? "on" : "off";

    internal static string Database(StorageOptions storage, IHostEnvironment environment) => storage.Provider switch
    {
        StorageProvider.Postgres => "PostgreSQL (AdminChat:Storage:ConnectionString set)",
        _ => $"SQLite in {Path.GetFullPath(storage.DataDirectory, environment.ContentRootPath)}",
    };
}

/// <summary>What <c>status</c> prints: settings as the app resolved them, keys masked, nothing contacted.</summary>
internal static class StatusReport
{
    public static void Write(IServiceProvider services, TextWriter output)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var environment = services.GetRequiredService<IHostEnvironment>();
        output.WriteLine("AdminChat status");
        output.WriteLine();
        try
        {
            output.WriteLine($"Mode:        {CliCommands.Mode(OperatingMode.Resolve(configuration, environment))}");
        }
        catch (InvalidOperationException ex)
        {
            output.WriteLine($"Mode:        invalid: {ex.Message}");
        }

        try
        {
            output.WriteLine($"Database:    {CliCommands.Database(services.GetRequiredService<IOptions<StorageOptions>>().Value, environment)}");
        }
        catch (OptionsValidationException ex)
        {
            output.WriteLine($"Database:    invalid: {string.Join(" ", ex.Failures)}");
        }

        // The budget feature is not built yet: say so rather than show a made-up limit.
        output.WriteLine("Budget:      not configured");
        output.WriteLine("Model tiers: not configured (answers use the model picked in the chat)");
        output.WriteLine();

        LlmOptions llm;
        try
        {
            llm = services.GetRequiredService<IOptions<LlmOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            output.WriteLine("Providers:   invalid configuration");
            foreach (var failure in ex.Failures)
            {
                output.WriteLine($"  - {failure}");
            }

            return;
        }

        output.WriteLine("Providers (the first is asked first; the others are the fallback chain):");
        var rows = llm.Providers.Select((p, i) => new[]
        {
            (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            p.Name,
            p.Kind.ToString(),
            p.Kind == LlmProviderKind.Simulated ? "-" : p.BaseUrl ?? "-",
            p.Kind == LlmProviderKind.Simulated ? "-" : SecretMask.Mask(p.ApiKey),
            string.Join(", ", p.Models),
            p.FallbackOnly ? "fallback only" : i == 0 ? "primary" : "fallback",
        });
        TextTable.Write(output, ["#", "Name", "Kind", "Base URL", "Key", "Models", "Role"], rows);
        output.WriteLine();

        try
        {
            var r = services.GetRequiredService<IOptions<ResilienceOptions>>().Value;
            output.WriteLine($"Resilience:  retries {r.MaxRetries} (before the first word only), first token {r.FirstTokenTimeoutSeconds} s, "
                + $"silence {r.IdleTimeoutSeconds} s, whole answer {r.TotalTimeoutSeconds} s, "
                + $"max response tokens {(r.MaxResponseTokens?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "provider default")}, "
                + $"fallback {CliCommands.OnOff(r.Fallback)}");
        }
        catch (OptionsValidationException ex)
        {
            output.WriteLine($"Resilience:  invalid: {string.Join(" ", ex.Failures)}");
        }
    }
}

/// <summary>Plain-text columns, wide enough for their widest cell.</summary>
internal static class TextTable
{
    public static void Write(TextWriter output, string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => all.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine("  " + string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        output.WriteLine("  " + string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in all)
        {
            output.WriteLine("  " + string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }
}
