using AdminChat.Core.Experiments;
using AdminChat.Core.Metrics;
using AdminChat.Core.Streaming;

namespace AdminChat.Tests.Core.Experiments;

public sealed class ExperimentResultsTests
{
    private static readonly DateTime Start = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    private static Experiment Experiment(int weightA = 1, int weightB = 1) => new()
    {
        Id = 9,
        Name = "chunks",
        State = ExperimentState.Running,
        StartedAt = Start,
        Variants =
        [
            new ExperimentVariant { Key = "A", Name = "one word", Weight = weightA, WordsPerChunk = 1 },
            new ExperimentVariant { Key = "B", Name = "three words", Weight = weightB, WordsPerChunk = 3 },
        ],
    };

    private static IEnumerable<RequestMetric> Rows(string key, int count, Func<int, double> ttft, int users = 50) =>
        Enumerable.Range(0, count).Select(i => new RequestMetric
        {
            RequestId = $"{key}{i}", UserId = $"u{key}{i % users}", Provider = "p", Model = "m",
            Variant = $"x9:{key}", StartedAt = Start.AddMinutes(i % 60), TtftMs = ttft(i), TotalMs = ttft(i) + 1000,
            Outcome = StreamOutcome.Complete,
        });

    [Fact]
    public void Build_VariantClearlyFaster_VerdictBetterOnTtftWithIntervalBelowZero()
    {
        var metrics = Rows("A", 300, i => 400 + (i % 37)).Concat(Rows("B", 300, i => 220 + (i % 37))).ToList();
        var report = ExperimentResults.Build(Experiment(), metrics, [], 100, Start.AddHours(1));

        var ttft = report.Comparisons.Single(c => c.Metric == PrimaryMetric.Ttft);
        Assert.Equal(VerdictKind.Better, ttft.Verdict);
        Assert.Equal(-180, ttft.Difference!.Estimate);
        Assert.True(ttft.Difference.Interval.High < 0);
        Assert.True(ttft.Difference.PValue < 0.001);
        Assert.False(ttft.BelowMinimumSample);
        Assert.Equal(VerdictKind.NoDifference, report.Comparisons.Single(c => c.Metric == PrimaryMetric.CompletionRate).Verdict);
        Assert.False(report.Srm!.Value.Mismatch);
        Assert.NotEmpty(report.Timeline);
    }

    [Fact]
    public void Build_SameDistribution_NoDifferenceDetected()
    {
        var metrics = Rows("A", 200, i => 300 + (i * 7 % 101)).Concat(Rows("B", 200, i => 300 + (i * 13 % 101))).ToList();
        var report = ExperimentResults.Build(Experiment(), metrics, [], 100, Start.AddHours(1));
        Assert.Equal(VerdictKind.NoDifference, report.Comparisons.Single(c => c.Metric == PrimaryMetric.Ttft).Verdict);
    }

    [Fact]
    public void Build_UsersSplitAgainstTheWeights_FlagsSampleRatioMismatch()
    {
        // 1:1 configured, but 50 users in A and 10 in B: chi2 = 26.7, p ≈ 2e-7.
        var metrics = Rows("A", 100, _ => 300).Concat(Rows("B", 100, _ => 300, users: 10)).ToList();
        var report = ExperimentResults.Build(Experiment(), metrics, [], 10, Start.AddHours(1));
        Assert.Equal([50L, 10L], report.Srm!.Value.Observed);
        Assert.True(report.Srm.Value.Mismatch);
    }

    [Fact]
    public void Build_FewSamples_WarnsAndSatisfactionFromRatings()
    {
        var metrics = Rows("A", 5, _ => 300).Concat(Rows("B", 5, _ => 300)).ToList();
        RatedAnswer[] ratings = [new("A", true), new("A", false), new("B", true), new("B", true), new("C", false)];
        var report = ExperimentResults.Build(Experiment(), metrics, ratings, 100, Start.AddHours(1));
        Assert.All(report.Comparisons, c => Assert.True(c.BelowMinimumSample));
        Assert.Equal(0.5, report.Variants[0].Satisfaction);
        Assert.Equal(1.0, report.Variants[1].Satisfaction);
    }

    [Fact]
    public void Build_TagOfAnotherExperimentWithSamePrefixDigits_NotCounted()
    {
        var metrics = Rows("A", 3, _ => 300).Select(m => { m.Variant = "x99:A"; return m; }).ToList();
        var report = ExperimentResults.Build(Experiment(), metrics, [], 1, Start.AddHours(1));
        Assert.Equal(0, report.Variants[0].Requests);
    }

    [Fact]
    public void Combine_TwoRunningExperiments_MergesOverridesAndTags()
    {
        var chunks = Experiment();
        var temperature = new Experiment
        {
            Id = 11, Name = "temp", State = ExperimentState.Running,
            Variants = [new() { Key = "A", Name = "cold", Temperature = 0.1f }, new() { Key = "B", Name = "cold too", Temperature = 0.1f }],
        };
        var overrides = ExperimentAssignment.Combine([chunks, temperature], "someone");
        Assert.Equal(0.1f, overrides.Temperature);
        Assert.NotNull(overrides.WordsPerChunk);
        Assert.Matches("^x9:[AB],x11:[AB]$", overrides.Tag!);
        Assert.NotNull(ExperimentAssignment.KeyFor(overrides.Tag, 11));
        Assert.Null(ExperimentAssignment.KeyFor(overrides.Tag, 1));
    }
}
