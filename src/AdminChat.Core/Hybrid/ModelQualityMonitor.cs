using AdminChat.Core.Modes;
using AdminChat.Core.Streaming;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Hybrid;

/// <summary>How one provider's model has been doing over its latest requests.</summary>
/// <param name="Score">0 (unusable) to 100 (fast, complete, no errors); see <see cref="ModelQualityMonitor"/>.</param>
/// <param name="Degraded">Score below <see cref="HybridOptions.DegradedBelowScore"/> over enough requests to judge.</param>
public sealed record ModelQuality(string Provider, string Model, int Score, int Requests, double? MedianTtftMs,
    double? MedianWordsPerSecond, double ErrorRate, double CompletionRate, bool Degraded);

/// <summary>
/// What routing asks before it picks a model: <see cref="IsDegraded"/> is true only for a model that has been measured
/// and scored badly, so an unknown (never used) model is never avoided. Scores exist only while hybrid streaming is on.
/// </summary>
public interface IModelQualityMonitor
{
    /// <summary>Every provider and model seen, worst score first.</summary>
    IReadOnlyList<ModelQuality> Snapshot();

    /// <summary>The quality of one model at one provider; null when it has no measured requests.</summary>
    ModelQuality? QualityOf(string provider, string model);

    /// <summary>True when the model at that provider should be avoided if an alternative exists.</summary>
    bool IsDegraded(string provider, string model);
}

/// <summary>
/// Scores each provider and model from its latest <see cref="HybridOptions.QualityWindow"/> requests (a sliding window
/// by count) as a weighted sum: no errors 40, completed answers 20, median time to first chunk 25 (full at 500 ms or
/// less, none at 5 s or more), median words per second while generating 15 (full at 20 or more, none at 1 or less).
/// Answers served from the response cache say nothing about a model and are left out. Fed as an
/// <see cref="IStreamRecordSink"/>; cheap enough to run on the streaming path.
/// </summary>
public sealed class ModelQualityMonitor(OperatingMode mode, IOptionsMonitor<HybridOptions> options)
    : IModelQualityMonitor, IStreamRecordSink
{
    /// <summary>Fewer requests than this are shown but never mark a model degraded.</summary>
    public const int MinRequestsToJudge = 3;

    private readonly Dictionary<(string Provider, string Model), Queue<Sample>> _windows = [];
    private readonly Lock _gate = new();

    public void Record(StreamRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!mode.HybridStreaming || record.Cached)
        {
            return;
        }

        var generating = record.Total - (record.TimeToFirstChunk ?? TimeSpan.Zero);
        var sample = new Sample(record.Outcome, record.TimeToFirstChunk?.TotalMilliseconds,
            record.Words > 1 && generating > TimeSpan.FromMilliseconds(1) ? record.Words / generating.TotalSeconds : null);
        var size = options.CurrentValue.QualityWindow;
        lock (_gate)
        {
            if (!_windows.TryGetValue((record.Provider, record.Model), out var window))
            {
                _windows[(record.Provider, record.Model)] = window = new Queue<Sample>();
            }

            window.Enqueue(sample);
            while (window.Count > size)
            {
                window.Dequeue();
            }
        }
    }

    public IReadOnlyList<ModelQuality> Snapshot()
    {
        lock (_gate)
        {
            return [.. _windows.Select(w => Score(w.Key.Provider, w.Key.Model, w.Value))
                .OrderBy(q => q.Score).ThenBy(q => q.Provider, StringComparer.Ordinal).ThenBy(q => q.Model, StringComparer.Ordinal)];
        }
    }

    public ModelQuality? QualityOf(string provider, string model)
    {
        lock (_gate)
        {
            return _windows.TryGetValue((provider, model), out var window) ? Score(provider, model, window) : null;
        }
    }

    public bool IsDegraded(string provider, string model) => QualityOf(provider, model)?.Degraded ?? false;

    private ModelQuality Score(string provider, string model, Queue<Sample> window)
    {
        var samples = window.ToList();
        var count = samples.Count;
        var errors = (double)samples.Count(s => s.Outcome is StreamOutcome.Error or StreamOutcome.Partial) / count;
        var completion = (double)samples.Count(s => s.Outcome == StreamOutcome.Complete) / count;
        var ttft = Median(samples.Where(s => s.TtftMs is not null).Select(s => s.TtftMs!.Value));
        var rate = Median(samples.Where(s => s.WordsPerSecond is not null).Select(s => s.WordsPerSecond!.Value));

        // Without a measurement (every request failed before text), the error part already says it all.
        var ttftPart = ttft is { } t ? Math.Clamp((5_000 - t) / 4_500, 0, 1) : errors >= 1 ? 0 : 1;
        var ratePart = rate is { } r ? Math.Clamp((r - 1) / 19, 0, 1) : errors >= 1 ? 0 : 1;
        var score = (int)Math.Round(100 * ((0.40 * (1 - errors)) + (0.20 * completion) + (0.25 * ttftPart) + (0.15 * ratePart)));
        return new ModelQuality(provider, model, score, count, ttft, rate, errors, completion,
            count >= MinRequestsToJudge && score < options.CurrentValue.DegradedBelowScore);
    }

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? null
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private readonly record struct Sample(StreamOutcome Outcome, double? TtftMs, double? WordsPerSecond);
}
