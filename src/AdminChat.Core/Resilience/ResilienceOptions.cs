using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Resilience;

/// <summary>
/// Bound from <c>AdminChat:Resilience</c>; the original environment variables fill what the section leaves unset:
/// <c>LLM_MAX_RETRIES</c>, <c>LLM_TIMEOUT_SECONDS</c> (time to the first token) and
/// <c>ADMIN_AI_MAX_RESPONSE_TOKENS</c>.
/// </summary>
public sealed class ResilienceOptions
{
    public const string Section = "AdminChat:Resilience";

    /// <summary>Further attempts at the same provider, only before the first token reached the person.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>When the asked provider cannot start an answer, ask the next ones in AdminChat:Llm:Providers.</summary>
    public bool Fallback { get; set; } = true;

    /// <summary>First backoff delay; it doubles per attempt, with jitter.</summary>
    [Range(1, 60_000)]
    public int RetryBaseDelayMs { get; set; } = 500;

    /// <summary>A 429 asking for a longer wait than this is not retried here: the next provider is asked instead.</summary>
    [Range(0, 600)]
    public int MaxRetryAfterSeconds { get; set; } = 20;

    /// <summary>How long to wait for the first word of an answer (per attempt).</summary>
    [Range(1, 3_600)]
    public int FirstTokenTimeoutSeconds { get; set; } = 30;

    /// <summary>How long the model may fall silent between words before the answer is cut off as partial.</summary>
    [Range(1, 3_600)]
    public int IdleTimeoutSeconds { get; set; } = 30;

    /// <summary>How long one whole answer may take, retries and fallbacks included.</summary>
    [Range(1, 7_200)]
    public int TotalTimeoutSeconds { get; set; } = 300;

    /// <summary>Upper bound on an answer's length in tokens, sent to the provider; unset means the provider's own.</summary>
    [Range(1, 1_000_000)]
    public int? MaxResponseTokens { get; set; }

    /// <summary>The share of failed calls, within the sampling window, that opens a provider's circuit.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the window before the ratio counts, so one failure never opens the circuit.</summary>
    [Range(2, 10_000)]
    public int BreakerMinimumThroughput { get; set; } = 4;

    [Range(1, 3_600)]
    public int BreakerSamplingSeconds { get; set; } = 60;

    /// <summary>How long an open circuit skips the provider before one probe call is let through (half-open).</summary>
    [Range(1, 3_600)]
    public int BreakerBreakSeconds { get; set; } = 30;
}

/// <summary>Applies the original environment variables, and refuses ones that are not whole numbers, by name.</summary>
internal sealed class ResilienceOptionsSetup(IConfiguration configuration)
    : IPostConfigureOptions<ResilienceOptions>, IValidateOptions<ResilienceOptions>
{
    internal static readonly (string Variable, string Setting)[] Variables =
    [
        ("LLM_MAX_RETRIES", nameof(ResilienceOptions.MaxRetries)),
        ("LLM_TIMEOUT_SECONDS", nameof(ResilienceOptions.FirstTokenTimeoutSeconds)),
        ("ADMIN_AI_MAX_RESPONSE_TOKENS", nameof(ResilienceOptions.MaxResponseTokens)),
    ];

    public void PostConfigure(string? name, ResilienceOptions options)
    {
        foreach (var (variable, setting) in Variables)
        {
            if (configuration[$"{ResilienceOptions.Section}:{setting}"] is not null
                || !int.TryParse(configuration[variable], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            switch (setting)
            {
                case nameof(ResilienceOptions.MaxRetries):
                    options.MaxRetries = value;
                    break;
                case nameof(ResilienceOptions.FirstTokenTimeoutSeconds):
                    options.FirstTokenTimeoutSeconds = value;
                    break;
                default:
                    options.MaxResponseTokens = value;
                    break;
            }
        }
    }

    public ValidateOptionsResult Validate(string? name, ResilienceOptions options)
    {
        var failures = Variables
            .Where(v => configuration[v.Variable] is { Length: > 0 } text
                && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            .Select(v => $"{v.Variable} is '{configuration[v.Variable]}'; it must be a whole number "
                + $"(or set {ResilienceOptions.Section}:{v.Setting}).")
            .ToList();
        if (options.IdleTimeoutSeconds > options.TotalTimeoutSeconds)
        {
            failures.Add($"{ResilienceOptions.Section}:IdleTimeoutSeconds ({options.IdleTimeoutSeconds}) must not exceed "
                + $"{ResilienceOptions.Section}:TotalTimeoutSeconds ({options.TotalTimeoutSeconds}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
