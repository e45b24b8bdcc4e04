using AdminChat.Core.Providers;
using AdminChat.Core.Streaming;

namespace AdminChat.Core.Metrics;

/// <summary>One streamed request as the performance panel sees it; a row of the RequestMetrics table.</summary>
public sealed class RequestMetric
{
    public long Id { get; set; }

    public required string RequestId { get; set; }

    public string? UserId { get; set; }

    public Guid? ConversationId { get; set; }

    public required string Provider { get; set; }

    public required string Model { get; set; }

    /// <summary>Empty until routing tiers exist.</summary>
    public string? Tier { get; set; }

    /// <summary>Empty until experiments exist.</summary>
    public string? Variant { get; set; }

    /// <summary>UTC; when the request was accepted.</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>Server side: request accepted → first chunk sent to the circuit; null when nothing was sent.</summary>
    public double? TtftMs { get; set; }

    /// <summary>Browser side: send → first text painted, as reported by the page; null when not reported.</summary>
    public double? PerceivedTtftMs { get; set; }

    public double TotalMs { get; set; }

    public int? InputTokens { get; set; }

    public int? OutputTokens { get; set; }

    /// <summary>Output tokens over the time from the first chunk to the end; null without a usage report.</summary>
    public double? TokensPerSecond { get; set; }

    public int Chunks { get; set; }

    public StreamOutcome Outcome { get; set; }

    public ChatErrorKind? ErrorKind { get; set; }

    /// <summary>In US dollars at the tier's prices (see Routing/CostCalculator); null for a model outside the tiers.</summary>
    public decimal? Cost { get; set; }

    /// <summary>True when the cost comes from estimated tokens because the provider sent no usage.</summary>
    public bool CostEstimated { get; set; }

    /// <summary>The same tokens at the Genius tier's prices, for the savings card.</summary>
    public decimal? GeniusCost { get; set; }

    /// <summary>The router's decision ("Fast:ShortFactual"); null when a model was picked by hand.</summary>
    public string? RoutingReason { get; set; }

    /// <summary>Tiers tried and left before the one that answered ("Nano>Fast:Timeout").</summary>
    public string? Escalations { get; set; }

    public bool Simulated { get; set; }

    public static RequestMetric From(StreamRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var ttft = record.TimeToFirstChunk?.TotalMilliseconds;
        var generating = record.Total.TotalSeconds - ((ttft ?? 0) / 1000);
        return new RequestMetric
        {
            RequestId = record.RequestId,
            UserId = record.UserId,
            ConversationId = record.ConversationId,
            Provider = record.Provider,
            Model = record.Model,
            Tier = record.Tier,
            Variant = record.Variant,
            StartedAt = record.StartedAt.UtcDateTime,
            TtftMs = ttft,
            TotalMs = record.Total.TotalMilliseconds,
            InputTokens = record.Usage?.InputTokens,
            OutputTokens = record.Usage?.OutputTokens,
            TokensPerSecond = record.Usage is { OutputTokens: > 0 } usage && generating > 0 ? usage.OutputTokens / generating : null,
            Chunks = record.Chunks,
            Outcome = record.Outcome,
            ErrorKind = record.ErrorKind,
            Simulated = record.Simulated,
            Cost = record.Cost,
            CostEstimated = record.CostEstimated,
            GeniusCost = record.GeniusCost,
            RoutingReason = record.RoutingReason,
            Escalations = record.Escalations,
        };
    }
}
