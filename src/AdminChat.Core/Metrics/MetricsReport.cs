using AdminChat.Core.Streaming;

namespace AdminChat.Core.Metrics;

/// <summary>The columns of a request the panel computes with (a projection, so queries read less).</summary>
public sealed record MetricSample(
    DateTime StartedAt,
    string Provider,
    string Model,
    string? Variant,
    double? TtftMs,
    double? PerceivedTtftMs,
    double TotalMs,
    double? TokensPerSecond,
    int Chunks,
    StreamOutcome Outcome)
{
    public bool Failed => Outcome is StreamOutcome.Error or StreamOutcome.Partial;
}

/// <summary>P50/P95/P99 of time to first token for one chart bucket starting at <see cref="Start"/>.</summary>
public sealed record LatencyBucket(DateTime Start, int Requests, double? P50, double? P95, double? P99);

public sealed record CategoryCount(TtftCategory Category, int Requests, double Share);

/// <summary>One model's (or variant's) row of the breakdown table.</summary>
public sealed record BreakdownRow(string Key, string? Provider, int Requests, double? P50, double? P95, double? P99,
    double? TotalP95, double ErrorRate);

public enum DegradationKind
{
    Latency,
    Errors,
}

/// <summary>The last 15 minutes compared with the day before them.</summary>
public sealed record Degradation(DegradationKind Kind, double Current, double Baseline, int CurrentRequests, int BaselineRequests);

/// <summary>Everything the panel shows for one window.</summary>
public sealed record MetricsReport(
    MetricsWindow Window,
    DateTime From,
    DateTime To,
    int Requests,
    double? CompletionRate,
    double? ErrorRate,
    double? MedianTokensPerSecond,
    PercentileSummary Ttft,
    PercentileSummary PerceivedTtft,
    PercentileSummary Total,
    IReadOnlyList<LatencyBucket> Buckets,
    IReadOnlyList<CategoryCount> Categories,
    IReadOnlyList<BreakdownRow> Models,
    IReadOnlyList<BreakdownRow> Variants,
    IReadOnlyList<Degradation> Degradations,
    IReadOnlyList<Suggestion> Suggestions,
    int MinRequestsForSuggestion);
