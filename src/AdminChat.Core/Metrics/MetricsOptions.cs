using System.ComponentModel.DataAnnotations;

namespace AdminChat.Core.Metrics;

/// <summary>Bound from <c>AdminChat:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "AdminChat:Metrics";

    /// <summary>Time to first token below this is "excellent".</summary>
    [Range(1, 600_000)]
    public int ExcellentBelowMs { get; set; } = 500;

    /// <summary>Below this (and not excellent) is "good".</summary>
    [Range(1, 600_000)]
    public int GoodBelowMs { get; set; } = 1_000;

    /// <summary>Below this (and not good) is "acceptable"; anything slower is "slow".</summary>
    [Range(1, 600_000)]
    public int AcceptableBelowMs { get; set; } = 3_000;

    /// <summary>Records waiting to be written; beyond this, new records are dropped (and counted) rather than slow the stream.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Most records written in one database round trip.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>No suggestion (and no degradation banner) on fewer requests than this.</summary>
    [Range(1, 1_000_000)]
    public int MinRequestsForSuggestion { get; set; } = 20;

    /// <summary>The banner shows when the last 15 minutes' P95 is at least this many times the previous day's.</summary>
    [Range(1.0, 100.0)]
    public double DegradationFactor { get; set; } = 1.5;

    /// <summary>The banner shows when the last 15 minutes' error rate exceeds the previous day's by this many points.</summary>
    [Range(0.0, 1.0)]
    public double ErrorSpikePoints { get; set; } = 0.10;

    /// <summary>A model whose P95 TTFT exceeds this is called slow by the suggestions.</summary>
    [Range(1, 600_000)]
    public int SlowModelP95Ms { get; set; } = 3_000;

    /// <summary>A provider whose error rate exceeds this gets a suggestion.</summary>
    [Range(0.0, 1.0)]
    public double ProviderErrorRate { get; set; } = 0.20;

    /// <summary>Below this share of answers completed (people pressing Stop) a suggestion appears.</summary>
    [Range(0.0, 1.0)]
    public double MinCompletionRate { get; set; } = 0.70;
}
