namespace AdminChat.Core.Metrics;

/// <summary>P50, P95 and P99 of one measure; null figures when there were no values.</summary>
public readonly record struct PercentileSummary(int Count, double? P50, double? P95, double? P99)
{
    public static PercentileSummary Empty { get; } = new(0, null, null, null);
}

/// <summary>
/// Percentiles by linear interpolation between closest ranks: for sorted values x[0..n-1] and p in [0, 1],
/// h = (n - 1) * p, and the result is x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]).
/// This is Hyndman and Fan's definition 7, the default of numpy.percentile, R's quantile() and Excel's
/// PERCENTILE.INC: one value gives itself for every p, ties are just repeated values, and no value outside the
/// observed range is ever reported.
/// </summary>
public static class Percentiles
{
    /// <summary>The p-th percentile (p in [0, 1]) of values already sorted ascending; null when there are none.</summary>
    public static double? OfSorted(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        if (sorted.Count == 0)
        {
            return null;
        }

        var h = (sorted.Count - 1) * p;
        var lower = (int)Math.Floor(h);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((h - lower) * (sorted[upper] - sorted[lower]));
    }

    /// <summary>Sorts <paramref name="values"/> in place and summarises it.</summary>
    public static PercentileSummary Summarize(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            return PercentileSummary.Empty;
        }

        Array.Sort(values);
        return new PercentileSummary(values.Length, OfSorted(values, 0.50), OfSorted(values, 0.95), OfSorted(values, 0.99));
    }

    public static PercentileSummary Summarize(IEnumerable<double> values) => Summarize(values.ToArray());
}
