using AdminChat.Core.Streaming;

namespace AdminChat.Core.Metrics;

public enum SuggestionRule
{
    /// <summary>Not enough requests in the window for any rule to speak.</summary>
    NotEnoughData,

    /// <summary>A model's P95 TTFT is slow: route simple queries to a faster tier.</summary>
    SlowModel,

    /// <summary>A provider fails often: check its key and credit, enable a fallback.</summary>
    ProviderErrors,

    /// <summary>People press Stop: shorter answers or a lower max tokens.</summary>
    LowCompletion,

    /// <summary>Chunks are paced further apart than the display-lag target: turn pacing down.</summary>
    PacingLag,
}

/// <summary>
/// What a rule saw: <paramref name="Figure"/> against <paramref name="Threshold"/> over <paramref name="Requests"/> requests
/// (for <see cref="SuggestionRule.NotEnoughData"/>: requests so far against the minimum). Figures are milliseconds or
/// fractions (0..1), as the rule says; <paramref name="Subject"/> names the model or provider when there is one.
/// </summary>
public sealed record Suggestion(SuggestionRule Rule, string? Subject, double Figure, double Threshold, int Requests);

/// <summary>The suggestions engine: each rule looks at the window's requests and speaks only with enough of them.</summary>
public static class SuggestionRules
{
    public static IReadOnlyList<Suggestion> Evaluate(IReadOnlyList<MetricSample> samples, MetricsOptions options, StreamingOptions streaming)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(streaming);
        var min = options.MinRequestsForSuggestion;
        if (samples.Count < min)
        {
            return [new Suggestion(SuggestionRule.NotEnoughData, null, samples.Count, min, samples.Count)];
        }

        var result = new List<Suggestion>();
        foreach (var model in samples.GroupBy(s => s.Model, StringComparer.Ordinal))
        {
            var rows = model.ToList();
            var p95 = MetricsCalculator.TtftSummary(rows);
            if (p95.Count >= min && p95.P95 > options.SlowModelP95Ms)
            {
                result.Add(new Suggestion(SuggestionRule.SlowModel, model.Key, p95.P95.Value, options.SlowModelP95Ms, p95.Count));
            }
        }

        foreach (var provider in samples.GroupBy(s => s.Provider, StringComparer.Ordinal))
        {
            var rows = provider.ToList();
            var rate = (double)rows.Count(s => s.Failed) / rows.Count;
            if (rows.Count >= min && rate > options.ProviderErrorRate)
            {
                result.Add(new Suggestion(SuggestionRule.ProviderErrors, provider.Key, rate, options.ProviderErrorRate, rows.Count));
            }
        }

        // Failures are the provider rule's business; completion is about answers people chose to stop.
        var finished = samples.Where(s => !s.Failed).ToList();
        if (finished.Count >= min)
        {
            var completion = (double)finished.Count(s => s.Outcome == StreamOutcome.Complete) / finished.Count;
            if (completion < options.MinCompletionRate)
            {
                result.Add(new Suggestion(SuggestionRule.LowCompletion, null, completion, options.MinCompletionRate, finished.Count));
            }
        }

        // A word produced just after a chunk waits for the next one: chunks further apart than the lag target mean
        // the display lags more than intended. Only pacing can be blamed for that, so the rule needs pacing on.
        var multiChunk = samples.Where(s => s.Chunks > 1 && s.TtftMs is not null).ToList();
        if (streaming.PacingMs > 0 && multiChunk.Count >= min)
        {
            var gap = Percentiles.Summarize(multiChunk.Select(s => (s.TotalMs - s.TtftMs!.Value) / (s.Chunks - 1))).P50!.Value;
            if (gap > streaming.MaxDisplayLagMs)
            {
                result.Add(new Suggestion(SuggestionRule.PacingLag, null, gap, streaming.MaxDisplayLagMs, multiChunk.Count));
            }
        }

        return result;
    }
}
