using AdminChat.Core.Metrics;
using AdminChat.Core.Streaming;

namespace AdminChat.Tests.Core.Metrics;

public sealed class MetricsCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 7, 30, TimeSpan.Zero);
    private static readonly MetricsOptions Options = new();
    private static readonly StreamingOptions Streaming = new();

    internal static MetricSample Sample(DateTimeOffset at, double? ttft, StreamOutcome outcome = StreamOutcome.Complete,
        string model = "m1", string provider = "p1", double total = 2_000, int chunks = 10, double? tokensPerSecond = 50,
        string? variant = null) =>
        new(at.UtcDateTime, provider, model, variant, ttft, null, total, tokensPerSecond, chunks, outcome);

    [Theory]
    [InlineData(0, TtftCategory.Excellent)]
    [InlineData(499.999, TtftCategory.Excellent)]
    [InlineData(500, TtftCategory.Good)]
    [InlineData(999.9, TtftCategory.Good)]
    [InlineData(1_000, TtftCategory.Acceptable)]
    [InlineData(2_999.9, TtftCategory.Acceptable)]
    [InlineData(3_000, TtftCategory.Slow)]
    [InlineData(60_000, TtftCategory.Slow)]
    public void Categorize_DefaultThresholds_UpperBoundsExclusive(double ms, TtftCategory expected) =>
        Assert.Equal(expected, TtftCategories.Categorize(ms, Options));

    [Fact]
    public void Categorize_ConfiguredThresholds_AreUsed()
    {
        var options = new MetricsOptions { ExcellentBelowMs = 100, GoodBelowMs = 200, AcceptableBelowMs = 300 };

        Assert.Equal(TtftCategory.Good, TtftCategories.Categorize(150, options));
        Assert.Equal(TtftCategory.Slow, TtftCategories.Categorize(300, options));
    }

    [Fact]
    public void Build_SamplesOutsideWindow_AreLeftOut()
    {
        var samples = new[]
        {
            Sample(Now.AddMinutes(-16), 9_000),
            Sample(Now.AddMinutes(-15), 100), // exactly at the start: inside
            Sample(Now.AddMinutes(-1), 300),
            Sample(Now, 200), // exactly now: inside
            Sample(Now.AddSeconds(1), 9_000), // the future: outside
        };

        var report = MetricsCalculator.Build(samples, MetricsWindow.FifteenMinutes, Now, Options, Streaming);

        Assert.Equal(3, report.Requests);
        Assert.Equal(200, report.Ttft.P50);
        Assert.Equal(3, report.Ttft.Count);
    }

    [Fact]
    public void Build_Outcomes_GiveCompletionAndErrorRates()
    {
        var samples = new[]
        {
            Sample(Now.AddMinutes(-1), 100),
            Sample(Now.AddMinutes(-1), 100),
            Sample(Now.AddMinutes(-1), 100, StreamOutcome.Stopped),
            Sample(Now.AddMinutes(-1), null, StreamOutcome.Error, tokensPerSecond: null),
            Sample(Now.AddMinutes(-1), 100, StreamOutcome.Partial),
        };

        var report = MetricsCalculator.Build(samples, MetricsWindow.OneHour, Now, Options, Streaming);

        Assert.Equal(0.4, report.CompletionRate!.Value, 9);
        Assert.Equal(0.4, report.ErrorRate!.Value, 9);
        Assert.Equal(4, report.Ttft.Count); // the error sent nothing, so it has no TTFT
        Assert.Equal(50, report.MedianTokensPerSecond);
    }

    [Fact]
    public void Build_NoSamples_NoRatesAndEmptyCategories()
    {
        var report = MetricsCalculator.Build([], MetricsWindow.OneDay, Now, Options, Streaming);

        Assert.Equal(0, report.Requests);
        Assert.Null(report.CompletionRate);
        Assert.Null(report.Ttft.P95);
        Assert.All(report.Categories, c => Assert.Equal(0, c.Requests));
        Assert.Equal(24 + 1, report.Buckets.Count); // a day of hourly buckets aligned to the hour: 25 partly covered
    }

    [Theory]
    [InlineData(MetricsWindow.FifteenMinutes, 16)]
    [InlineData(MetricsWindow.OneHour, 16)]
    [InlineData(MetricsWindow.OneDay, 25)]
    [InlineData(MetricsWindow.SevenDays, 29)]
    public void Buckets_Window_CoverItWithAlignedBuckets(MetricsWindow window, int expected)
    {
        var (from, to) = window.Range(Now);

        var buckets = MetricsCalculator.Buckets([], from, to, window.Bucket());

        Assert.Equal(expected, buckets.Count);
        Assert.True(buckets[0].Start <= from);
        Assert.True(buckets[^1].Start < to && buckets[^1].Start + window.Bucket() >= to);
        Assert.All(buckets, b => Assert.Equal(0, b.Start.Ticks % window.Bucket().Ticks));
    }

    [Fact]
    public void Buckets_Samples_LandInTheirMinute()
    {
        var samples = new[]
        {
            Sample(Now.AddMinutes(-2), 100), Sample(Now.AddMinutes(-2), 300), Sample(Now.AddSeconds(-5), 700),
        };
        var (from, to) = MetricsWindow.FifteenMinutes.Range(Now);

        var buckets = MetricsCalculator.Buckets(samples, from, to, TimeSpan.FromMinutes(1));

        var twoAgo = buckets.Single(b => b.Start == new DateTime(2026, 3, 1, 12, 5, 0, DateTimeKind.Utc));
        Assert.Equal((2, 200.0), (twoAgo.Requests, twoAgo.P50!.Value));
        Assert.Equal(700, buckets[^1].P99);
        Assert.Equal(3, buckets.Sum(b => b.Requests));
    }

    [Fact]
    public void Categories_Mixed_CountsAndShares()
    {
        var samples = new[] { 10.0, 499, 500, 1_500, 3_000, 4_000 }.Select(t => Sample(Now, t)).Append(Sample(Now, null)).ToList();

        var categories = MetricsCalculator.Categories(samples, Options);

        Assert.Equal([2, 1, 1, 2], categories.Select(c => c.Requests));
        Assert.Equal(1.0, categories.Sum(c => c.Share), 9);
    }

    [Fact]
    public void Build_CachedAnswers_GetTheirOwnRowSoModelLatencyIsUnskewed()
    {
        var samples = new[]
        {
            Sample(Now.AddMinutes(-1), 900, model: "m1", provider: "p1"),
            Sample(Now.AddMinutes(-1), 5, model: "m1", provider: "cache"),
        };

        var report = MetricsCalculator.Build(samples, MetricsWindow.OneHour, Now, Options, Streaming);

        var model = Assert.Single(report.Models, m => m.Key == "m1");
        Assert.Equal((1, 900.0), (model.Requests, model.P50!.Value));
        var cached = Assert.Single(report.Models, m => m.Key == "m1 (cache)");
        Assert.Equal("cache", cached.Provider);
    }

    [Fact]
    public void Build_PerModel_SortedBySlowestP95First()
    {
        var samples = Enumerable.Range(0, 10).SelectMany(i => new[]
        {
            Sample(Now.AddMinutes(-1), 100 + i, model: "fast"),
            Sample(Now.AddMinutes(-1), 2_000 + i, model: "slow", provider: "p2"),
        }).ToList();

        var report = MetricsCalculator.Build(samples, MetricsWindow.OneHour, Now, Options, Streaming);

        Assert.Equal(["slow", "fast"], report.Models.Select(m => m.Key));
        Assert.Equal("p2", report.Models[0].Provider);
        Assert.Equal(10, report.Models[0].Requests);
    }

    [Fact]
    public void Degradations_RecentP95MuchWorseThanPreviousDay_ReportsLatency()
    {
        var baseline = Enumerable.Range(0, 40).Select(i => Sample(Now.AddHours(-3).AddMinutes(i), 200));
        var recent = Enumerable.Range(0, 20).Select(i => Sample(Now.AddMinutes(-10), 1_000));

        var found = MetricsCalculator.Degradations([.. baseline, .. recent], Now, Options);

        var latency = Assert.Single(found);
        Assert.Equal(DegradationKind.Latency, latency.Kind);
        Assert.Equal((1_000.0, 200.0, 20, 40), (latency.Current, latency.Baseline, latency.CurrentRequests, latency.BaselineRequests));
    }

    [Fact]
    public void Degradations_SimilarLatencyAndNoErrors_ReportsNothing()
    {
        var baseline = Enumerable.Range(0, 40).Select(i => Sample(Now.AddHours(-3), 200));
        var recent = Enumerable.Range(0, 20).Select(i => Sample(Now.AddMinutes(-10), 250));

        Assert.Empty(MetricsCalculator.Degradations([.. baseline, .. recent], Now, Options));
    }

    [Fact]
    public void Degradations_ErrorSpike_ReportsErrors()
    {
        var baseline = Enumerable.Range(0, 40).Select(i => Sample(Now.AddHours(-3), 200));
        var recent = Enumerable.Range(0, 20).Select(i => Sample(Now.AddMinutes(-10), i < 5 ? null : 200,
            i < 5 ? StreamOutcome.Error : StreamOutcome.Complete));

        var errors = Assert.Single(MetricsCalculator.Degradations([.. baseline, .. recent], Now, Options));

        Assert.Equal(DegradationKind.Errors, errors.Kind);
        Assert.Equal(0.25, errors.Current, 9);
    }

    [Fact]
    public void Degradations_TooFewRecentRequests_ReportsNothing()
    {
        var baseline = Enumerable.Range(0, 40).Select(i => Sample(Now.AddHours(-3), 200));
        var recent = Enumerable.Range(0, 19).Select(i => Sample(Now.AddMinutes(-10), null, StreamOutcome.Error));

        Assert.Empty(MetricsCalculator.Degradations([.. baseline, .. recent], Now, Options));
    }
}
