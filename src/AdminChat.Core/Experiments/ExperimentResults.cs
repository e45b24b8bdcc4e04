using AdminChat.Core.Metrics;
using AdminChat.Core.Streaming;

namespace AdminChat.Core.Experiments;

/// <summary>One rated answer: which variant produced it and whether the person liked it.</summary>
public readonly record struct RatedAnswer(string VariantKey, bool Up);

public sealed record VariantSummary(
    ExperimentVariant Variant,
    int Requests,
    int Users,
    PercentileSummary Ttft,
    PercentileSummary Total,
    int Completed,
    int Errors,
    int Rated,
    int ThumbsUp,
    decimal? CostPerAnswer)
{
    public double? CompletionRate => Requests == 0 ? null : (double)Completed / Requests;

    public double? ErrorRate => Requests == 0 ? null : (double)Errors / Requests;

    public double? Satisfaction => Rated == 0 ? null : (double)ThumbsUp / Rated;
}

public enum VerdictKind
{
    /// <summary>Not enough data for the test at all (a group is empty).</summary>
    NoData,
    NoDifference,

    /// <summary>The variant is better than the control: faster, or a better rate.</summary>
    Better,
    Worse,
}

/// <summary>One metric, one variant against the control (A). Latency estimates are in milliseconds, rates as fractions.</summary>
public sealed record MetricComparison(PrimaryMetric Metric, string VariantKey, int SamplesControl, int SamplesVariant,
    Difference? Difference, VerdictKind Verdict, bool BelowMinimumSample);

public readonly record struct SrmCheck(double ChiSquared, int DegreesOfFreedom, double PValue, IReadOnlyList<long> Observed,
    IReadOnlyList<double> Expected)
{
    /// <summary>The alarm threshold: a split this unlikely under the configured weights means assignment is broken.</summary>
    public const double Threshold = 0.001;

    public bool Mismatch => PValue < Threshold;
}

/// <summary>Median TTFT of one variant in one time bucket, for the chart.</summary>
public readonly record struct VariantPoint(string VariantKey, DateTime BucketStart, double TtftP50, int Requests);

public sealed record ExperimentReport(
    Experiment Experiment,
    IReadOnlyList<VariantSummary> Variants,
    IReadOnlyList<MetricComparison> Comparisons,
    SrmCheck? Srm,
    IReadOnlyList<VariantPoint> Timeline,
    int MinimumSamplesPerVariant);

/// <summary>Turns an experiment's request rows and ratings into per-variant figures, tests and verdicts.</summary>
public static class ExperimentResults
{
    public const double Alpha = 0.05;

    public static ExperimentReport Build(Experiment experiment, IReadOnlyList<RequestMetric> metrics,
        IReadOnlyList<RatedAnswer> ratings, int minimumSamples, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(ratings);
        var byKey = metrics
            .Select(m => (Key: ExperimentAssignment.KeyFor(m.Variant, experiment.Id), Metric: m))
            .Where(x => x.Key is not null)
            .GroupBy(x => x.Key!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Metric).ToList(), StringComparer.Ordinal);
        var summaries = experiment.Variants.Select(v =>
        {
            var rows = byKey.GetValueOrDefault(v.Key) ?? [];
            var rated = ratings.Where(r => r.VariantKey == v.Key).ToList();
            var costs = rows.Where(r => r.Cost is not null).Select(r => r.Cost!.Value).ToList();
            return new VariantSummary(v, rows.Count,
                rows.Where(r => r.UserId is not null).Select(r => r.UserId).Distinct(StringComparer.Ordinal).Count(),
                Percentiles.Summarize([.. rows.Where(r => r.TtftMs is not null).Select(r => r.TtftMs!.Value)]),
                Percentiles.Summarize([.. rows.Select(r => r.TotalMs)]),
                rows.Count(r => r.Outcome == StreamOutcome.Complete),
                rows.Count(r => r.Outcome is StreamOutcome.Error or StreamOutcome.Partial),
                rated.Count, rated.Count(r => r.Up),
                costs.Count == 0 ? null : costs.Sum() / costs.Count);
        }).ToList();

        var comparisons = new List<MetricComparison>();
        if (experiment.Variants.Count >= 2)
        {
            var control = experiment.Variants[0];
            var controlRows = byKey.GetValueOrDefault(control.Key) ?? [];
            foreach (var variant in experiment.Variants.Skip(1))
            {
                var rows = byKey.GetValueOrDefault(variant.Key) ?? [];
                comparisons.Add(Latency(PrimaryMetric.Ttft, variant.Key, Ttfts(controlRows), Ttfts(rows), minimumSamples));
                comparisons.Add(Latency(PrimaryMetric.TotalTime, variant.Key, [.. controlRows.Select(r => r.TotalMs)],
                    [.. rows.Select(r => r.TotalMs)], minimumSamples));
                comparisons.Add(Rate(PrimaryMetric.CompletionRate, variant.Key,
                    controlRows.Count(r => r.Outcome == StreamOutcome.Complete), controlRows.Count,
                    rows.Count(r => r.Outcome == StreamOutcome.Complete), rows.Count, minimumSamples, higherIsBetter: true));
                comparisons.Add(Rate(PrimaryMetric.ErrorRate, variant.Key,
                    controlRows.Count(r => r.Outcome is StreamOutcome.Error or StreamOutcome.Partial), controlRows.Count,
                    rows.Count(r => r.Outcome is StreamOutcome.Error or StreamOutcome.Partial), rows.Count, minimumSamples,
                    higherIsBetter: false));
                var controlRated = ratings.Where(r => r.VariantKey == control.Key).ToList();
                var variantRated = ratings.Where(r => r.VariantKey == variant.Key).ToList();
                comparisons.Add(Rate(PrimaryMetric.Satisfaction, variant.Key, controlRated.Count(r => r.Up), controlRated.Count,
                    variantRated.Count(r => r.Up), variantRated.Count, minimumSamples, higherIsBetter: true));
            }
        }

        SrmCheck? srm = null;
        var users = summaries.Select(s => (long)s.Users).ToList();
        if (experiment.Variants.Count >= 2 && users.Sum() > 0)
        {
            var weights = experiment.Variants.Select(v => (double)v.Weight).ToList();
            var (chi, df, p) = Statistics.ChiSquaredGoodnessOfFit(users, weights);
            var total = users.Sum();
            srm = new SrmCheck(chi, df, p, users, [.. weights.Select(w => total * w / weights.Sum())]);
        }

        return new ExperimentReport(experiment, summaries, comparisons, srm, Timeline(experiment, byKey, now), minimumSamples);
    }

    private static List<double> Ttfts(List<RequestMetric> rows) =>
        [.. rows.Where(r => r.TtftMs is not null).Select(r => r.TtftMs!.Value)];

    private static MetricComparison Latency(PrimaryMetric metric, string key, List<double> control, List<double> variant, int minimum)
    {
        var small = control.Count < minimum || variant.Count < minimum;
        if (control.Count == 0 || variant.Count == 0)
        {
            return new MetricComparison(metric, key, control.Count, variant.Count, null, VerdictKind.NoData, small);
        }

        var (estimate, interval) = Statistics.BootstrapMedianDifference(control, variant);
        var p = Statistics.MannWhitney(control, variant).PValue;
        // Both the rank test and the interval must agree before anything is called a difference.
        var verdict = p < Alpha && !interval.Contains(0) ? (estimate < 0 ? VerdictKind.Better : VerdictKind.Worse) : VerdictKind.NoDifference;
        return new MetricComparison(metric, key, control.Count, variant.Count, new Difference(estimate, interval, p), verdict, small);
    }

    private static MetricComparison Rate(PrimaryMetric metric, string key, int successesControl, int trialsControl,
        int successesVariant, int trialsVariant, int minimum, bool higherIsBetter)
    {
        var small = trialsControl < minimum || trialsVariant < minimum;
        if (trialsControl == 0 || trialsVariant == 0)
        {
            return new MetricComparison(metric, key, trialsControl, trialsVariant, null, VerdictKind.NoData, small);
        }

        var difference = Statistics.TwoProportions(successesControl, trialsControl, successesVariant, trialsVariant);
        var verdict = difference.PValue < Alpha && !difference.Interval.Contains(0)
            ? ((difference.Estimate > 0) == higherIsBetter ? VerdictKind.Better : VerdictKind.Worse)
            : VerdictKind.NoDifference;
        return new MetricComparison(metric, key, trialsControl, trialsVariant, difference, verdict, small);
    }

    // About 24 buckets over the experiment's life so far, at least a minute each.
    private static List<VariantPoint> Timeline(Experiment experiment, Dictionary<string, List<RequestMetric>> byKey, DateTime now)
    {
        var all = byKey.Values.SelectMany(r => r).ToList();
        if (all.Count == 0)
        {
            return [];
        }

        var start = experiment.StartedAt ?? all.Min(r => r.StartedAt);
        var end = experiment.StoppedAt ?? now;
        var bucket = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMinute, (end - start).Ticks / 24));
        return [.. byKey.SelectMany(pair => pair.Value
            .Where(r => r.TtftMs is not null)
            .GroupBy(r => start.AddTicks((r.StartedAt - start).Ticks / bucket.Ticks * bucket.Ticks))
            .Select(g => new VariantPoint(pair.Key, g.Key, Statistics.Median([.. g.Select(r => r.TtftMs!.Value)]), g.Count())))
            .OrderBy(p => p.BucketStart)];
    }
}
