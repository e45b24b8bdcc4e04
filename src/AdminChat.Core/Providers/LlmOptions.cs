using System.ComponentModel.DataAnnotations;

namespace AdminChat.Core.Providers;

public enum LlmProviderKind
{
    /// <summary>The OpenAI-compatible provider when a key or base URL is configured, otherwise the simulated model.</summary>
    Auto,
    Simulated,
    OpenAICompatible,
}

/// <summary>Bound from <c>AdminChat:Llm</c>; the well-known environment variables fill what is not set.</summary>
public sealed class LlmOptions
{
    public const string Section = "AdminChat:Llm";

    public LlmProviderKind Provider { get; set; } = LlmProviderKind.Auto;

    /// <summary>Base URL of an OpenAI-compatible API, e.g. https://openrouter.ai/api/v1 or http://localhost:11434/v1.</summary>
    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Model ids offered in the picker; the first is the default.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>Headers sent with every request, e.g. OpenRouter's HTTP-Referer and X-Title.</summary>
    public Dictionary<string, string> ExtraHeaders { get; set; } = [];

    /// <summary>Whether the simulated model may serve answers. Unset means: only in Development.</summary>
    public bool? AllowMockLlm { get; set; }

    [Range(1, 3600)]
    public int RequestTimeoutSeconds { get; set; } = 120;

    [Required]
    public SimulatedModelOptions Simulated { get; set; } = new();

    /// <summary>
    /// Named providers in order: the first is the primary, the rest the fallback chain. Empty means one provider
    /// from the single-provider settings above (plus OpenAI directly after OpenRouter when both keys are set);
    /// after start-up this always holds the providers in use.
    /// </summary>
    public List<LlmProviderOptions> Providers { get; set; } = [];

    /// <summary>
    /// Put the simulated model at the end of the fallback chain. Only where the simulated model is allowed:
    /// start-up refuses it otherwise, so Production never falls back to made-up answers silently.
    /// </summary>
    public bool SimulatedFallback { get; set; }

    /// <summary>True when <see cref="Providers"/> came from configuration rather than the single-provider settings.</summary>
    public bool ProvidersConfigured { get; set; }

    /// <summary>The provider that will actually serve, after <see cref="LlmProviderKind.Auto"/> is resolved.</summary>
    public LlmProviderKind EffectiveProvider => Provider switch
    {
        LlmProviderKind.Auto when !string.IsNullOrWhiteSpace(ApiKey) || !string.IsNullOrWhiteSpace(BaseUrl)
            => LlmProviderKind.OpenAICompatible,
        LlmProviderKind.Auto => LlmProviderKind.Simulated,
        _ => Provider,
    };
}

public sealed class SimulatedModelOptions
{
    [Range(0, 60_000)]
    public int TimeToFirstTokenMs { get; set; } = 250;

    [Range(1, 10_000)]
    public double TokensPerSecond { get; set; } = 60;

    /// <summary>Model names the simulated provider answers as; "simulated-model" when none are configured.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>A speed per model id, so one simulated provider can play several tiers at different speeds.</summary>
    public Dictionary<string, SimulatedSpeed> Speeds { get; set; } = [];
}

/// <summary>A simulated model's time to first token and token rate.</summary>
public sealed record SimulatedSpeed(int TimeToFirstTokenMs, double TokensPerSecond);

/// <summary>One entry of <c>AdminChat:Llm:Providers</c>: a provider addressable by name.</summary>
public sealed class LlmProviderOptions
{
    /// <summary>How admins, logs, records and (later) model tiers refer to this provider, e.g. "openrouter".</summary>
    public string Name { get; set; } = string.Empty;

    public LlmProviderKind Kind { get; set; } = LlmProviderKind.OpenAICompatible;

    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>
    /// The environment variable holding the key when <see cref="ApiKey"/> is not set; defaults to OPENROUTER_API_KEY
    /// or OPENAI_API_KEY for those hosts.
    /// </summary>
    public string? ApiKeyVariable { get; set; }

    public List<string> Models { get; set; } = [];

    public Dictionary<string, string> ExtraHeaders { get; set; } = [];

    /// <summary>Serves only as a fallback: its models are not offered in the picker.</summary>
    public bool FallbackOnly { get; set; }
}
