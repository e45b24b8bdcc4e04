using System.Diagnostics;
using System.Globalization;
using AdminChat.Core.Providers;
using Microsoft.Extensions.Options;

namespace AdminChat.Web.Cli;

/// <summary>
/// What <c>verify</c> does: validates the configuration as start-up would, then asks every configured provider
/// for a few tokens, straight (no retries, no fallback) so each one's own result shows. Exit code 1 on any failure.
/// </summary>
internal static class VerifyReport
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine("AdminChat verify");
        output.WriteLine();
        try
        {
            // The same checks ValidateOnStart runs when the web host starts.
            services.GetRequiredService<IStartupValidator>().Validate();
            output.WriteLine("Configuration: OK");
        }
        catch (OptionsValidationException ex)
        {
            WriteFailures(output, ex.Failures);
            return 1;
        }
        catch (AggregateException ex)
        {
            WriteFailures(output, ex.InnerExceptions.SelectMany(e => e is OptionsValidationException o ? o.Failures : [e.Message]));
            return 1;
        }
        catch (InvalidOperationException ex)
        {
            WriteFailures(output, [ex.Message]);
            return 1;
        }

        output.WriteLine();
        var set = services.GetRequiredService<ChatProviderSet>();
        var rows = new List<string[]>();
        var failed = false;
        foreach (var configured in set.All)
        {
            var provider = configured.Provider;
            var model = provider.Models[0];
            var (ok, detail, elapsed) = await CallAsync(provider, model, cancellationToken);
            failed |= !ok;
            rows.Add([provider.Name, model, ok ? "OK" : "FAILED", $"{elapsed.TotalMilliseconds:0} ms", detail]);
        }

        TextTable.Write(output, ["Provider", "Model", "Result", "Time", "Detail"], rows);
        output.WriteLine();
        output.WriteLine(failed ? "Some providers failed: see Detail, then fix the setting it names." : "All providers answered.");
        return failed ? 1 : 0;
    }

    private static void WriteFailures(TextWriter output, IEnumerable<string> failures)
    {
        output.WriteLine("Configuration: INVALID");
        foreach (var failure in failures)
        {
            output.WriteLine($"  - {failure}");
        }
    }

    private static async Task<(bool Ok, string Detail, TimeSpan Elapsed)> CallAsync(IChatModelProvider provider, string model,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        var request = new ChatRequest([new ChatTurn(ChatRole.User, "Reply with the single word OK.")], model) { MaxOutputTokens = 5 };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var text = string.Empty;
            await foreach (var delta in provider.StreamAsync(request, timeout.Token).WithCancellation(timeout.Token))
            {
                text += delta.Text;
                if (text.Length > 0)
                {
                    break;
                }
            }

            return (true, text.Length > 0 ? "answered" : "answered with no text", stopwatch.Elapsed);
        }
        catch (ChatProviderException ex)
        {
            return (false, $"{ex.Kind}: {SecretMask.MaskKeysIn(ex.Message)}", stopwatch.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"Timeout: no answer within {CallTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", stopwatch.Elapsed);
        }
    }
}
