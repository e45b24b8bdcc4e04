using System.ComponentModel.DataAnnotations;

namespace AdminChat.Core.Routing;

/// <summary>One tier: which provider and model play it, what it costs and how much it can take and give.</summary>
public sealed class TierOptions
{
    /// <summary>
    /// A provider name from AdminChat:Llm:Providers. Empty means the primary provider; when that is the simulated
    /// model, it plays the tier as <c>simulated-&lt;tier&gt;</c> at the tier's simulated speed.
    /// </summary>
    public string? Provider { get; set; }

    [Required]
    public string Model { get; set; } = string.Empty;

    /// <summary>US dollars per million input tokens.</summary>
    [Range(0, 10_000)]
    public decimal InputPricePerMillion { get; set; }

    /// <summary>US dollars per million output tokens.</summary>
    [Range(0, 10_000)]
    public decimal OutputPricePerMillion { get; set; }

    [Range(1, 10_000_000)]
    public int ContextWindow { get; set; } = 128_000;

    [Range(1, 1_000_000)]
    public int MaxOutputTokens { get; set; } = 4_096;

    /// <summary>How fast the simulated model plays this tier (so the tiers feel different without keys).</summary>
    [Range(0, 60_000)]
    public int SimulatedTimeToFirstTokenMs { get; set; } = 250;

    [Range(1, 10_000)]
    public double SimulatedTokensPerSecond { get; set; } = 60;
}

/// <summary>Bound from <c>AdminChat:Routing</c>; NANO_MODEL, FAST_MODEL, SMART_MODEL, GENIUS_MODEL and LLM_DAILY_BUDGET override.</summary>
public sealed class RoutingOptions
{
    public const string Section = "AdminChat:Routing";

    [Required]
    public TierOptions Nano { get; set; } = new()
    {
        Model = "openai/gpt-4o-mini", InputPricePerMillion = 0.15m, OutputPricePerMillion = 0.60m,
        ContextWindow = 128_000, MaxOutputTokens = 16_384, SimulatedTimeToFirstTokenMs = 120, SimulatedTokensPerSecond = 160,
    };

    [Required]
    public TierOptions Fast { get; set; } = new()
    {
        Model = "anthropic/claude-3-haiku", InputPricePerMillion = 0.25m, OutputPricePerMillion = 1.25m,
        ContextWindow = 200_000, MaxOutputTokens = 4_096, SimulatedTimeToFirstTokenMs = 200, SimulatedTokensPerSecond = 110,
    };

    [Required]
    public TierOptions Smart { get; set; } = new()
    {
        Model = "anthropic/claude-3.5-sonnet", InputPricePerMillion = 3m, OutputPricePerMillion = 15m,
        ContextWindow = 200_000, MaxOutputTokens = 8_192, SimulatedTimeToFirstTokenMs = 400, SimulatedTokensPerSecond = 70,
    };

    [Required]
    public TierOptions Genius { get; set; } = new()
    {
        Model = "anthropic/claude-3-opus", InputPricePerMillion = 15m, OutputPricePerMillion = 75m,
        ContextWindow = 200_000, MaxOutputTokens = 4_096, SimulatedTimeToFirstTokenMs = 700, SimulatedTokensPerSecond = 35,
    };

    /// <summary>US dollars a day across all requests; null means no budget. LLM_DAILY_BUDGET sets it.</summary>
    [Range(typeof(decimal), "0", "1000000")]
    public decimal? DailyBudget { get; set; }

    /// <summary>
    /// Output tokens assumed for the savings estimate and for a request whose provider sent no usage
    /// (see <see cref="CostCalculator"/>).
    /// </summary>
    [Range(1, 100_000)]
    public int AssumedAnswerTokens { get; set; } = 400;

    public TierOptions For(ModelTier tier) => tier switch
    {
        ModelTier.Nano => Nano,
        ModelTier.Fast => Fast,
        ModelTier.Smart => Smart,
        ModelTier.Genius => Genius,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown tier."),
    };

    /// <summary>The model id the simulated provider answers as when it plays <paramref name="tier"/>.</summary>
    public static string SimulatedModelFor(ModelTier tier) => "simulated-" + tier.ToString().ToLowerInvariant();
}
