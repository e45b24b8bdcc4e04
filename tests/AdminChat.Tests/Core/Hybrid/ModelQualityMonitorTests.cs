using AdminChat.Core.Hybrid;
using AdminChat.Core.Modes;
using AdminChat.Core.Streaming;
using AdminChat.Tests.Fakes;

namespace AdminChat.Tests.Core.Hybrid;

public sealed class ModelQualityMonitorTests
{
    private readonly HybridOptions _options = new() { QualityWindow = 10, DegradedBelowScore = 50 };

    private ModelQualityMonitor Create(bool hybridOn = true) => new(
        new OperatingMode(hybridOn ? AdminChatMode.Production : AdminChatMode.Standard, false, false, hybridOn),
        new FixedOptionsMonitor<HybridOptions>(_options));

    private static StreamRecord Record(string provider = "p", string model = "m", double ttftMs = 200, double totalMs = 2_200,
        int words = 100, StreamOutcome outcome = StreamOutcome.Complete, bool cached = false) => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        Provider = provider,
        Model = model,
        StartedAt = DateTimeOffset.UnixEpoch,
        TimeToFirstChunk = outcome == StreamOutcome.Error ? null : TimeSpan.FromMilliseconds(ttftMs),
        Total = TimeSpan.FromMilliseconds(totalMs),
        Words = outcome == StreamOutcome.Error ? 0 : words,
        Outcome = outcome,
        Cached = cached,
    };

    [Fact]
    public void QualityOf_FastCompleteAnswers_ScoresHighAndHealthy()
    {
        var monitor = Create();
        for (var i = 0; i < 5; i++)
        {
            monitor.Record(Record());
        }

        var quality = monitor.QualityOf("p", "m")!;
        Assert.Equal(100, quality.Score);
        Assert.Equal(5, quality.Requests);
        Assert.False(quality.Degraded);
        Assert.False(monitor.IsDegraded("p", "m"));
    }

    [Fact]
    public void QualityOf_ErrorsAndSlowFirstToken_ScoresLowAndDegraded()
    {
        var monitor = Create();
        monitor.Record(Record(ttftMs: 6_000, totalMs: 60_000, words: 20));
        monitor.Record(Record(outcome: StreamOutcome.Error));
        monitor.Record(Record(outcome: StreamOutcome.Error));
        monitor.Record(Record(outcome: StreamOutcome.Partial, ttftMs: 5_500, totalMs: 9_000, words: 3));

        var quality = monitor.QualityOf("p", "m")!;
        Assert.True(quality.Score < 50, $"score {quality.Score}");
        Assert.Equal(0.75, quality.ErrorRate);
        Assert.True(monitor.IsDegraded("p", "m"));
    }

    [Fact]
    public void QualityOf_OldFailuresLeaveTheWindow_ScoreRecovers()
    {
        var monitor = Create();
        for (var i = 0; i < 10; i++)
        {
            monitor.Record(Record(outcome: StreamOutcome.Error));
        }

        Assert.True(monitor.IsDegraded("p", "m"));
        for (var i = 0; i < 10; i++)
        {
            monitor.Record(Record());
        }

        Assert.Equal(100, monitor.QualityOf("p", "m")!.Score);
        Assert.False(monitor.IsDegraded("p", "m"));
    }

    [Fact]
    public void IsDegraded_TooFewRequestsOrUnknownModel_False()
    {
        var monitor = Create();
        monitor.Record(Record(outcome: StreamOutcome.Error));

        Assert.Equal(0.0, monitor.QualityOf("p", "m")!.Score, 0);
        Assert.False(monitor.IsDegraded("p", "m"));
        Assert.False(monitor.IsDegraded("other", "x"));
        Assert.Null(monitor.QualityOf("other", "x"));
    }

    [Fact]
    public void Snapshot_PerProviderAndModel_WorstFirstAndCachedLeftOut()
    {
        var monitor = Create();
        monitor.Record(Record(provider: "a", model: "fast"));
        monitor.Record(Record(provider: "b", model: "fast", outcome: StreamOutcome.Error));
        monitor.Record(Record(provider: "cache", model: "fast", cached: true));

        var snapshot = monitor.Snapshot();

        Assert.Equal([("b", "fast"), ("a", "fast")], snapshot.Select(q => (q.Provider, q.Model)));
    }

    [Fact]
    public void Record_HybridOff_NothingScored()
    {
        var monitor = Create(hybridOn: false);
        monitor.Record(Record());

        Assert.Empty(monitor.Snapshot());
    }
}
