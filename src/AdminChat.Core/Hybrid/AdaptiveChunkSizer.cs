namespace AdminChat.Core.Hybrid;

/// <summary>
/// Adaptive chunking for one answer: measures how fast whole words arrive (over the last second) and sizes chunks so
/// that at most <c>maxRendersPerSecond</c> renders reach the circuit, while a chunk never waits for more words than
/// arrive within the display-lag target. A slow model keeps the configured words per chunk (the hold timer still sends
/// fewer when they are late); a fast one gets bigger chunks instead of a render storm. Not thread-safe: one per answer.
/// </summary>
public sealed class AdaptiveChunkSizer
{
    private const int MaxWordsPerChunk = 500;
    private readonly Queue<(long At, int Words)> _recent = new();
    private readonly int _baseWords;
    private readonly int _maxRendersPerSecond;
    private readonly double _maxLagSeconds;
    private readonly long _frequency;
    private int _wordsInWindow;

    public AdaptiveChunkSizer(int baseWords, int maxRendersPerSecond, int maxDisplayLagMs, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baseWords, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRendersPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDisplayLagMs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(timestampFrequency, 1);
        _baseWords = baseWords;
        _maxRendersPerSecond = maxRendersPerSecond;
        _maxLagSeconds = maxDisplayLagMs / 1000.0;
        _frequency = timestampFrequency;
    }

    /// <summary>Whole words per second over the last second of arrivals; 0 before any.</summary>
    public double WordsPerSecond { get; private set; }

    /// <summary>Words the next chunk should hold.</summary>
    public int WordsPerChunk { get; private set; }

    /// <summary><paramref name="words"/> whole words became complete at <paramref name="at"/> (a TimeProvider timestamp).</summary>
    public void Observe(int words, long at)
    {
        if (words <= 0)
        {
            return;
        }

        _recent.Enqueue((at, words));
        _wordsInWindow += words;
        while (_recent.Count > 1 && at - _recent.Peek().At > _frequency)
        {
            _wordsInWindow -= _recent.Dequeue().Words;
        }

        // A burst (everything at one instant) counts as arriving within one render interval.
        var span = Math.Max((double)(at - _recent.Peek().At) / _frequency, 1.0 / _maxRendersPerSecond);
        WordsPerSecond = _wordsInWindow / span;
        var forRenderRate = (int)Math.Ceiling(WordsPerSecond / _maxRendersPerSecond);
        var withinLag = Math.Max(1, (int)Math.Floor(WordsPerSecond * _maxLagSeconds));
        WordsPerChunk = Math.Clamp(Math.Min(forRenderRate, withinLag), _baseWords, MaxWordsPerChunk);
    }

    /// <summary>The words per chunk to use now: the configured number until words have been measured.</summary>
    public int Current => WordsPerChunk == 0 ? _baseWords : WordsPerChunk;
}
