using System.Text;

namespace AdminChat.Core.Streaming;

/// <summary>
/// Collects streamed text and hands it out in whole words. A word is a run of non-white-space
/// characters and is complete once white space follows it (or the stream ends), so a word, a
/// surrogate pair or a combining sequence is never cut. White space is kept exactly: it travels
/// with the word that follows it, which keeps markdown and code blocks intact.
/// </summary>
internal sealed class WordChunkBuffer
{
    private readonly StringBuilder _pending = new();
    private readonly Queue<(int End, long Arrived)> _completeWords = new();
    private int _takenOffset;
    private bool _inWord;
    private long _wordArrived;
    private bool _ended;

    public bool IsEmpty => _pending.Length == 0;

    /// <summary>Complete words waiting; after <see cref="End"/> the trailing word counts too.</summary>
    public int CompleteWords => _completeWords.Count + (_ended && _inWord ? 1 : 0);

    /// <summary>Arrival time of the oldest word not handed out yet, complete or not; null when there is none.</summary>
    public long? OldestWordArrival => _completeWords.Count > 0 ? _completeWords.Peek().Arrived : _inWord ? _wordArrived : null;

    /// <summary>Arrival time of the newest text appended (diagnostics: when a chunk could go out).</summary>
    public long NewestArrival { get; private set; }

    public void Append(string text, long arrived)
    {
        NewestArrival = arrived;
        var offset = _takenOffset + _pending.Length;
        for (var i = 0; i < text.Length; i++)
        {
            var whiteSpace = char.IsWhiteSpace(text[i]);
            if (!whiteSpace && !_inWord)
            {
                _inWord = true;
                _wordArrived = arrived;
            }
            else if (whiteSpace && _inWord)
            {
                _inWord = false;
                _completeWords.Enqueue((offset + i, _wordArrived));
            }
        }

        _pending.Append(text);
    }

    /// <summary>No more text will come: the word being written is complete as it stands.</summary>
    public void End() => _ended = true;

    /// <summary>How many complete words arrived before <paramref name="timestamp"/>.</summary>
    public int CountWordsArrivedBefore(long timestamp)
    {
        var count = 0;
        foreach (var (_, arrived) in _completeWords)
        {
            if (arrived >= timestamp)
            {
                return count;
            }

            count++;
        }

        return count + (_ended && _inWord && _wordArrived < timestamp ? 1 : 0);
    }

    /// <summary>Takes up to <paramref name="words"/> complete words with the white space before them.</summary>
    public string Take(int words, out int taken)
    {
        taken = Math.Min(words, CompleteWords);
        if (taken == 0)
        {
            return string.Empty;
        }

        var lastIsTrailingWord = taken > _completeWords.Count;
        for (var i = 1; i < taken; i++)
        {
            _completeWords.Dequeue();
        }

        if (lastIsTrailingWord)
        {
            // The stream has ended inside the last word: everything left, trailing white space included, goes.
            _inWord = false;
            return TakeRest();
        }

        var end = _completeWords.Dequeue().End - _takenOffset;
        var text = _pending.ToString(0, end);
        _pending.Remove(0, end);
        _takenOffset += end;
        if (_ended && _completeWords.Count == 0 && !_inWord)
        {
            // Only white space is left after the last word: it belongs to this, the final chunk.
            text += TakeRest();
        }

        return text;
    }

    /// <summary>Everything pending, complete or not: for the end of a stream, a failure or a stop.</summary>
    public string TakeRest()
    {
        var text = _pending.ToString();
        _takenOffset += _pending.Length;
        _pending.Clear();
        _completeWords.Clear();
        _inWord = false;
        return text;
    }
}
