using System.Runtime.CompilerServices;
using AdminChat.Core.Hybrid;
using AdminChat.Core.Providers;
using AdminChat.Core.Streaming;

namespace AdminChat.Tests.Core.Hybrid;

public sealed class AdaptiveChunkSizerTests
{
    private const long Frequency = TimeSpan.TicksPerSecond;

    private static AdaptiveChunkSizer Feed(double wordsPerSecond, double seconds, int maxRenders = 20, int lagMs = 250)
    {
        var sizer = new AdaptiveChunkSizer(baseWords: 3, maxRenders, lagMs, Frequency);
        var interval = (long)(Frequency / wordsPerSecond);
        var count = (int)(wordsPerSecond * seconds);
        for (var i = 0; i < count; i++)
        {
            sizer.Observe(1, i * interval);
        }

        return sizer;
    }

    [Fact]
    public void Observe_FastSource_ChunksGrowSoRendersStayWithinTarget()
    {
        var sizer = Feed(wordsPerSecond: 300, seconds: 2);

        Assert.InRange(sizer.WordsPerSecond, 270, 330);
        // 300 words/s at most 20 renders/s needs at least 15 words a chunk.
        Assert.True(sizer.WordsPerSecond / sizer.Current <= 20, $"{sizer.Current} words a chunk");
        // ... and never more words than arrive within the 250 ms lag target.
        Assert.True(sizer.Current <= sizer.WordsPerSecond * 0.25, $"{sizer.Current} words a chunk");
    }

    [Fact]
    public void Observe_SlowSource_KeepsConfiguredWordsPerChunk()
    {
        var sizer = Feed(wordsPerSecond: 5, seconds: 3);

        Assert.Equal(3, sizer.Current);
    }

    [Fact]
    public void Observe_SourceSlowsDown_ChunksShrinkAgain()
    {
        var sizer = new AdaptiveChunkSizer(3, 20, 250, Frequency);
        var at = 0L;
        for (var i = 0; i < 600; i++, at += Frequency / 300)
        {
            sizer.Observe(1, at);
        }

        var fast = sizer.Current;
        for (var i = 0; i < 10; i++, at += Frequency / 4)
        {
            sizer.Observe(1, at);
        }

        Assert.True(fast > 3);
        Assert.Equal(3, sizer.Current);
    }

    [Fact]
    public void Current_NothingMeasured_IsConfiguredSize() =>
        Assert.Equal(4, new AdaptiveChunkSizer(4, 20, 250, Frequency).Current);

    [Fact]
    public async Task ChunkAsync_BurstOfWordsWithAdaptive_FewerRendersSameText()
    {
        var words = Enumerable.Range(0, 400).Select(i => $"w{i} ").ToArray();
        var options = new StreamingOptions { WordsPerChunk = 3, HoldMs = 40 };

        var fixedChunks = await CollectAsync(WordChunker.ChunkAsync(BurstAsync(words), options, TimeProvider.System));
        var adaptiveChunks = await CollectAsync(WordChunker.ChunkAsync(BurstAsync(words), options, TimeProvider.System, null,
            new AdaptiveChunkSizer(3, 20, 250, TimeProvider.System.TimestampFrequency)));

        Assert.Equal(string.Concat(words), string.Concat(fixedChunks.Select(c => c.Text)));
        Assert.Equal(string.Concat(words), string.Concat(adaptiveChunks.Select(c => c.Text)));
        Assert.True(adaptiveChunks.Count * 3 < fixedChunks.Count,
            $"adaptive {adaptiveChunks.Count} chunks, fixed {fixedChunks.Count}");
    }

    [Fact]
    public async Task ChunkAsync_SlowSourceWithAdaptive_ChunksStayAtConfiguredSize()
    {
        var words = Enumerable.Range(0, 12).Select(i => $"w{i} ").ToArray();
        var options = new StreamingOptions { WordsPerChunk = 3, HoldMs = 5_000 };

        var chunks = await CollectAsync(WordChunker.ChunkAsync(PacedAsync(words, TimeSpan.FromMilliseconds(30)), options,
            TimeProvider.System, null, new AdaptiveChunkSizer(3, 20, 250, TimeProvider.System.TimestampFrequency)));

        Assert.Equal(string.Concat(words), string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.Equal(3, c.Words));
    }

    private static async Task<List<TextChunk>> CollectAsync(IAsyncEnumerable<TextChunk> source)
    {
        var list = new List<TextChunk>();
        await foreach (var chunk in source.WithCancellation(CancellationToken.None).ConfigureAwait(false))
        {
            list.Add(chunk);
        }

        return list;
    }

    private static async IAsyncEnumerable<ChatDelta> BurstAsync(string[] words,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var word in words)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatDelta(word);
        }
    }

    private static async IAsyncEnumerable<ChatDelta> PacedAsync(string[] words, TimeSpan interval,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var word in words)
        {
            await Task.Delay(interval, cancellationToken);
            yield return new ChatDelta(word);
        }
    }
}
