using AdminChat.Core.Metrics;
using AdminChat.Core.Streaming;
using static AdminChat.Tests.Core.Metrics.MetricsCalculatorTests;

namespace AdminChat.Tests.Core.Metrics;

public sealed class SuggestionRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly MetricsOptions Options = new() { MinRequestsForSuggestion = 20 };
    private static readonly StreamingOptions NoPacing = new();

    private static List<MetricSample> Healthy(int n, string model = "m1", string provider = "p1") =>
        [.. Enumerable.Range(0, n).Select(_ => Sample(At, 300, model: model, provider: provider))];

    [Fact]
    public void Evaluate_FewerThanMinimum_OnlySaysNotEnoughDataWithCounts()
    {
        var samples = Enumerable.Range(0, 19).Select(_ => Sample(At, 9_000, StreamOutcome.Stopped)).ToList();

        var suggestion = Assert.Single(SuggestionRules.Evaluate(samples, Options, NoPacing));

        Assert.Equal((SuggestionRule.NotEnoughData, 19.0, 20.0), (suggestion.Rule, suggestion.Figure, suggestion.Threshold));
    }

    [Fact]
    public void Evaluate_HealthyTraffic_SuggestsNothing() =>
        Assert.Empty(SuggestionRules.Evaluate(Healthy(50), Options, NoPacing));

    [Fact]
    public void Evaluate_OneModelSlowAtP95_NamesItWithEvidence()
    {
        var slow = Enumerable.Range(0, 20).Select(i => Sample(At, i < 17 ? 800 : 5_000, model: "big")).ToList();

        var suggestion = Assert.Single(SuggestionRules.Evaluate([.. Healthy(30), .. slow], Options, NoPacing));

        Assert.Equal((SuggestionRule.SlowModel, "big", 3_000.0, 20), (suggestion.Rule, suggestion.Subject, suggestion.Threshold, suggestion.Requests));
        Assert.Equal(5_000, suggestion.Figure);
    }

    [Fact]
    public void Evaluate_SlowModelWithTooFewRequests_SaysNothingAboutIt()
    {
        var slow = Enumerable.Range(0, 19).Select(_ => Sample(At, 9_000, model: "big")).ToList();

        Assert.Empty(SuggestionRules.Evaluate([.. Healthy(30), .. slow], Options, NoPacing));
    }

    [Fact]
    public void Evaluate_ErrorsOnOneProvider_NamesTheProvider()
    {
        var failing = Enumerable.Range(0, 20).Select(i => Sample(At, i < 15 ? 300 : null,
            i < 15 ? StreamOutcome.Complete : StreamOutcome.Error, provider: "flaky")).ToList();

        var suggestion = Assert.Single(SuggestionRules.Evaluate([.. Healthy(30), .. failing], Options, NoPacing));

        Assert.Equal((SuggestionRule.ProviderErrors, "flaky", 20), (suggestion.Rule, suggestion.Subject, suggestion.Requests));
        Assert.Equal(0.25, suggestion.Figure, 9);
    }

    [Fact]
    public void Evaluate_ManyStopped_SuggestsShorterAnswers()
    {
        var samples = Enumerable.Range(0, 30).Select(i => Sample(At, 300, i < 12 ? StreamOutcome.Stopped : StreamOutcome.Complete)).ToList();

        var suggestion = Assert.Single(SuggestionRules.Evaluate(samples, Options, NoPacing));

        Assert.Equal(SuggestionRule.LowCompletion, suggestion.Rule);
        Assert.Equal(0.6, suggestion.Figure, 9);
        Assert.Equal(0.7, suggestion.Threshold, 9);
    }

    [Fact]
    public void Evaluate_PacedChunksFurtherApartThanLagTarget_SuggestsLessPacing()
    {
        // 10 chunks over 3.3 s after the first: one every ~367 ms, against a 250 ms lag target.
        var samples = Enumerable.Range(0, 25).Select(_ => Sample(At, 300, total: 3_600, chunks: 10)).ToList();
        var paced = new StreamingOptions { PacingMs = 300, MaxDisplayLagMs = 250 };

        var suggestion = Assert.Single(SuggestionRules.Evaluate(samples, Options, paced));

        Assert.Equal(SuggestionRule.PacingLag, suggestion.Rule);
        Assert.Equal(3_300.0 / 9, suggestion.Figure, 6);
        Assert.Empty(SuggestionRules.Evaluate(samples, Options, NoPacing));
    }
}
