using AdminChat.Core.Providers;
using AdminChat.Core.Streaming;

namespace AdminChat.Core.Routing;

/// <summary>
/// Prices requests at the tiers' configured prices. Tokens come from the provider's usage chunk; when it sent none,
/// they are estimated (about four characters a token, the same rule the simulated model reports) and the cost is
/// marked estimated wherever it is shown. A failure before any text is not billed by providers, so it costs 0.
/// </summary>
public sealed class CostCalculator(TierCatalog tiers)
{
    /// <summary>Tokens a turn costs beyond its text (role markers and separators in chat formats).</summary>
    public const int TurnOverheadTokens = 4;

    public TierCatalog Tiers => tiers;

    public static decimal Price(TierOptions tier, long inputTokens, long outputTokens)
    {
        ArgumentNullException.ThrowIfNull(tier);
        return ((inputTokens * tier.InputPricePerMillion) + (outputTokens * tier.OutputPricePerMillion)) / 1_000_000m;
    }

    /// <summary>Roughly four characters a token, like common BPE tokenizers on English text.</summary>
    public static int EstimateTokens(string text) => Math.Max(1, (text.Length + 3) / 4);

    public static int EstimateInputTokens(IReadOnlyList<ChatTurn> turns) =>
        turns.Sum(t => EstimateTokens(t.Text) + TurnOverheadTokens);

    /// <summary>
    /// An upper bound on the input tokens: one token per character (no common tokenizer does worse on English or
    /// Arabic) plus the per-turn overhead. The budget reserves against this, so a reservation is never too small.
    /// </summary>
    public static int MaxInputTokens(IReadOnlyList<ChatTurn> turns) => turns.Sum(t => t.Text.Length + TurnOverheadTokens);

    /// <summary>The most a request can cost on <paramref name="tier"/>: what the budget reserves before calling.</summary>
    public static decimal MaxCost(TierOptions tier, IReadOnlyList<ChatTurn> turns, int maxOutputTokens) =>
        Price(tier, MaxInputTokens(turns), maxOutputTokens);

    /// <summary>The tier a record is priced at: its routed tier, else the tier whose model served it.</summary>
    public TierModel? TierOf(StreamRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Enum.TryParse<ModelTier>(record.Tier, out var tier) && Enum.IsDefined(tier)
            ? tiers[tier]
            : tiers.FindByModel(record.Model);
    }

    /// <summary>The record with its cost, Genius cost and estimate flag filled (unchanged when its model has no tier).</summary>
    public StreamRecord Price(StreamRecord record, IReadOnlyList<ChatTurn> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        if (TierOf(record) is not { } tier)
        {
            return record;
        }

        if (record.Usage is null && record.Characters == 0)
        {
            return record with { Cost = 0m, GeniusCost = 0m };
        }

        var estimated = record.Usage is null;
        var input = record.Usage?.InputTokens ?? EstimateInputTokens(turns);
        var output = record.Usage?.OutputTokens ?? Math.Max(1, (record.Characters + 3) / 4);
        return record with
        {
            Cost = Price(tier.Options, input, output),
            GeniusCost = Price(tiers[ModelTier.Genius].Options, input, output),
            CostEstimated = estimated,
        };
    }
}
