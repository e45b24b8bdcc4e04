using AdminChat.Core.Metrics;

namespace AdminChat.Tests.Core.Metrics;

public sealed class PercentilesTests
{
    private static readonly double[] Ps = [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1];

    /// <summary>
    /// An independent reference: Hyndman and Fan's type 7 as they write it, 1-based, m = 1 - p, j = floor(np + m),
    /// g = np + m - j, Q = (1 - g) x_j + g x_(j+1), with x clamped at both ends; over a copy sorted by LINQ.
    /// </summary>
    private static double Reference(IEnumerable<double> values, double p)
    {
        var x = values.OrderBy(v => v).ToList();
        var n = x.Count;
        var m = 1 - p;
        var j = (int)Math.Floor((n * p) + m);
        var g = (n * p) + m - j;
        double At(int oneBased) => x[Math.Clamp(oneBased, 1, n) - 1];
        return ((1 - g) * At(j)) + (g * At(j + 1));
    }

    [Fact]
    public void Summarize_Empty_HasNoFigures()
    {
        var summary = Percentiles.Summarize(Array.Empty<double>());

        Assert.Equal(0, summary.Count);
        Assert.Null(summary.P50);
        Assert.Null(summary.P95);
        Assert.Null(summary.P99);
    }

    [Fact]
    public void Summarize_SingleValue_EveryPercentileIsThatValue()
    {
        var summary = Percentiles.Summarize([42.0]);

        Assert.Equal((1, 42.0, 42.0, 42.0), (summary.Count, summary.P50!.Value, summary.P95!.Value, summary.P99!.Value));
    }

    [Fact]
    public void Summarize_KnownNumpyValues_Match()
    {
        // numpy.percentile([1, 2, 3, 4], [50, 95, 99]) == [2.5, 3.85, 3.97]
        var summary = Percentiles.Summarize([4.0, 1, 3, 2]);

        Assert.Equal(2.5, summary.P50!.Value, 9);
        Assert.Equal(3.85, summary.P95!.Value, 9);
        Assert.Equal(3.97, summary.P99!.Value, 9);
    }

    [Fact]
    public void Summarize_TwoValues_InterpolatesBetweenThem()
    {
        // numpy.percentile([100, 200], [50, 95, 99]) == [150, 195, 199]
        var summary = Percentiles.Summarize([200.0, 100]);

        Assert.Equal(150, summary.P50!.Value, 9);
        Assert.Equal(195, summary.P95!.Value, 9);
        Assert.Equal(199, summary.P99!.Value, 9);
    }

    [Fact]
    public void Summarize_Ties_StayWithinTheTiedValues()
    {
        // numpy.percentile([5, 5, 5, 9], [50, 95, 99]) == [5, 8.4, 8.88]
        var summary = Percentiles.Summarize([5.0, 9, 5, 5]);

        Assert.Equal(5, summary.P50!.Value, 9);
        Assert.Equal(8.4, summary.P95!.Value, 9);
        Assert.Equal(8.88, summary.P99!.Value, 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(101)]
    [InlineData(1000)]
    public void OfSorted_RandomSamplesWithTies_MatchesReference(int n)
    {
        var random = new Random(n);
        // Few distinct values, so ties are common.
        var values = Enumerable.Range(0, n).Select(_ => (double)random.Next(0, Math.Max(2, n / 3)) * 10).ToArray();
        var sorted = values.OrderBy(v => v).ToArray();

        foreach (var p in Ps)
        {
            Assert.Equal(Reference(values, p), Percentiles.OfSorted(sorted, p)!.Value, 9);
        }
    }

    [Fact]
    public void OfSorted_PercentileOutsideZeroToOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.OfSorted([1.0], 1.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.OfSorted([1.0], -0.01));
    }
}
