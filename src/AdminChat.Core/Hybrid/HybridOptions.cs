using System.ComponentModel.DataAnnotations;

namespace AdminChat.Core.Hybrid;

/// <summary>
/// Bound from <c>AdminChat:Hybrid</c>. These settings only matter while hybrid streaming is on
/// (<c>ENABLE_HYBRID_STREAMING</c>; on in Production and Development, off in Standard).
/// </summary>
public sealed class HybridOptions
{
    public const string Section = "AdminChat:Hybrid";

    /// <summary>How long a complete answer may be served again for the identical question.</summary>
    [Range(1, 7 * 24 * 3600)]
    public int CacheTtlSeconds { get; set; } = 600;

    /// <summary>Answers kept at most; the least recently used goes first.</summary>
    [Range(1, 100_000)]
    public int CacheMaxEntries { get; set; } = 500;

    /// <summary>Off by default: one admin's cached answer is never served to another.</summary>
    public bool CacheSharedAcrossUsers { get; set; }

    /// <summary>Adaptive chunking: at most this many chunks (renders) per second for one answer.</summary>
    [Range(1, 240)]
    public int MaxRendersPerSecond { get; set; } = 20;

    /// <summary>Quality monitor: the latest requests per provider and model that make up its score.</summary>
    [Range(1, 10_000)]
    public int QualityWindow { get; set; } = 50;

    /// <summary>A score below this marks a model as degraded for routing.</summary>
    [Range(0, 100)]
    public int DegradedBelowScore { get; set; } = 50;

    /// <summary>Warm start: how long the composer waits after the last keystroke before warming the connection.</summary>
    [Range(0, 10_000)]
    public int WarmStartDebounceMs { get; set; } = 300;

    /// <summary>Warm start: a provider warmed this recently is not warmed again.</summary>
    [Range(1, 3600)]
    public int WarmStartIntervalSeconds { get; set; } = 20;
}
