using AdminChat.Core.Streaming;

namespace AdminChat.Core.Metrics;

/// <summary>Turns the samples of a window into the panel's figures. Pure: the tests feed it synthetic samples.</summary>
public static class MetricsCalculator
{
    public static readonly TimeSpan RecentSpan = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan BaselineSpan = TimeSpan.FromDays(1);

    /// <param name="samples">The window's requests (others are ignored).</param>
    /// <param name="degradations">From <see cref="Degradations(PeriodFigures, PeriodFigures, MetricsOptions)"/>; null computes them from the samples.</param>
    public static MetricsReport Build(IReadOnlyList<MetricSample> samples, MetricsWindow window, DateTimeOffset now,
        MetricsOptions options, StreamingOptions streaming, IReadOnlyList<Degradation>? degradations = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        var (from, to) = window.Range(now);
        var inWindow = samples.Where(s => s.StartedAt >= from && s.StartedAt < to).ToList();
        var count = inWindow.Count;

        return new MetricsReport(
            window, from, to, count,
            count == 0 ? null : (double)inWindow.Count(s => s.Outcome == StreamOutcome.Complete) / count,
            count == 0 ? null : (double)inWindow.Count(s => s.Failed) / count,
            Percentiles.Summarize(inWindow.Where(s => s.TokensPerSecond is not null).Select(s => s.TokensPerSecond!.Value)).P50,
            TtftSummary(inWindow),
            Percentiles.Summarize(inWindow.Where(s => s.PerceivedTtftMs is not null).Select(s => s.PerceivedTtftMs!.Value)),
            Percentiles.Summarize(inWindow.Select(s => s.TotalMs)),
            Buckets(inWindow, from, to, window.Bucket()),
            Categories(inWindow, options),
            // Cached answers get their own row, so the model's latency shows only what the model itself did.
            Breakdown(inWindow, s => s.Provider == Hybrid.ResponseCache.ProviderName ? $"{s.Model} (cache)" : s.Model, withProvider: true),
            Breakdown(inWindow.Where(s => !string.IsNullOrEmpty(s.Variant)), s => s.Variant!, withProvider: false),
            degradations ?? Degradations(samples, now, options),
            SuggestionRules.Evaluate(inWindow, options, streaming),
            options.MinRequestsForSuggestion);
    }

    public static PercentileSummary TtftSummary(IEnumerable<MetricSample> samples) =>
        Percentiles.Summarize(samples.Where(s => s.TtftMs is not null).Select(s => s.TtftMs!.Value));

    /// <summary>Buckets aligned to whole multiples of the bucket length since the epoch, so they do not shift as time passes.</summary>
    public static IReadOnlyList<LatencyBucket> Buckets(IReadOnlyList<MetricSample> samples, DateTime from, DateTime to, TimeSpan bucket)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var first = new DateTime(from.Ticks - (from.Ticks % bucket.Ticks), DateTimeKind.Utc);
        var groups = samples.Where(s => s.TtftMs is not null)
            .GroupBy(s => (s.StartedAt.Ticks - first.Ticks) / bucket.Ticks)
            .ToDictionary(g => g.Key, g => g.Select(s => s.TtftMs!.Value).ToArray());
        var result = new List<LatencyBucket>();
        for (var (start, i) = (first, 0L); start < to; start += bucket, i++)
        {
            var summary = groups.TryGetValue(i, out var values) ? Percentiles.Summarize(values) : PercentileSummary.Empty;
            result.Add(new LatencyBucket(start, summary.Count, summary.P50, summary.P95, summary.P99));
        }

        return result;
    }

    /// <summary>Only streamed answers that produced a first token have a category; all four are always listed.</summary>
    public static IReadOnlyList<CategoryCount> Categories(IReadOnlyList<MetricSample> samples, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var measured = samples.Where(s => s.TtftMs is not null).ToList();
        var counts = measured.GroupBy(s => TtftCategories.Categorize(s.TtftMs!.Value, options)).ToDictionary(g => g.Key, g => g.Count());
        return [.. Enum.GetValues<TtftCategory>().Select(c =>
        {
            var n = counts.GetValueOrDefault(c);
            return new CategoryCount(c, n, measured.Count == 0 ? 0 : (double)n / measured.Count);
        })];
    }

    private static IReadOnlyList<BreakdownRow> Breakdown(IEnumerable<MetricSample> samples, Func<MetricSample, string> key, bool withProvider) =>
        [.. samples.GroupBy(key, StringComparer.Ordinal).Select(g =>
        {
            var rows = g.ToList();
            var ttft = TtftSummary(rows);
            return new BreakdownRow(g.Key, withProvider ? rows[0].Provider : null, rows.Count, ttft.P50, ttft.P95, ttft.P99,
                Percentiles.Summarize(rows.Select(s => s.TotalMs)).P95, (double)rows.Count(s => s.Failed) / rows.Count);
        }).OrderByDescending(r => r.P95 ?? double.MinValue)];

    /// <summary>
    /// The last 15 minutes against the day before them: latency when P95 TTFT is at least
    /// <see cref="MetricsOptions.DegradationFactor"/> times the baseline, errors when the error rate is
    /// <see cref="MetricsOptions.ErrorSpikePoints"/> above it. Both sides need the minimum request count for the latency check;
    /// the current side needs it for errors (an empty baseline counts as zero errors).
    /// </summary>
    public static IReadOnlyList<Degradation> Degradations(IReadOnlyList<MetricSample> samples, DateTimeOffset now, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var (recentRange, baselineRange) = DegradationRanges(now);
        return Degradations(Figures(samples, recentRange), Figures(samples, baselineRange), options);
    }

    /// <summary>The last 15 minutes, and the day before them.</summary>
    public static ((DateTime From, DateTime To) Recent, (DateTime From, DateTime To) Baseline) DegradationRanges(DateTimeOffset now)
    {
        var split = now.UtcDateTime - RecentSpan;
        return ((split, now.UtcDateTime.AddTicks(1)), (split - BaselineSpan, split));
    }

    public static IReadOnlyList<Degradation> Degradations(PeriodFigures recent, PeriodFigures baseline, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(recent);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(options);
        var result = new List<Degradation>();
        if (recent.Requests < options.MinRequestsForSuggestion)
        {
            return result;
        }

        if (baseline.Requests >= options.MinRequestsForSuggestion && recent.Ttft.P95 is { } r && baseline.Ttft.P95 is { } b
            && r >= b * options.DegradationFactor)
        {
            result.Add(new Degradation(DegradationKind.Latency, r, b, recent.Requests, baseline.Requests));
        }

        var recentErrors = (double)recent.Failed / recent.Requests;
        var baselineErrors = baseline.Requests == 0 ? 0 : (double)baseline.Failed / baseline.Requests;
        if (recentErrors > baselineErrors + options.ErrorSpikePoints)
        {
            result.Add(new Degradation(DegradationKind.Errors, recentErrors, baselineErrors, recent.Requests, baseline.Requests));
        }

        return result;
    }

    private static PeriodFigures Figures(IReadOnlyList<MetricSample> samples, (DateTime From, DateTime To) range)
    {
        var inRange = samples.Where(s => s.StartedAt >= range.From && s.StartedAt < range.To).ToList();
        return new PeriodFigures(inRange.Count, inRange.Count(s => s.Failed), TtftSummary(inRange));
    }
}

/// <summary>What the degradation check needs of a period: requests, failures and TTFT percentiles.</summary>
public sealed record PeriodFigures(int Requests, int Failed, PercentileSummary Ttft);
