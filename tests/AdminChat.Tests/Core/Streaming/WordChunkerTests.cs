using System.Runtime.CompilerServices;
using AdminChat.Core.Providers;
using AdminChat.Core.Streaming;
using AdminChat.Tests.Fakes;

namespace AdminChat.Tests.Core.Streaming;

public sealed class WordChunkerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async IAsyncEnumerable<ChatDelta> Source(IEnumerable<string> deltas,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var delta in deltas)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new ChatDelta(delta);
        }
    }

    /// <summary>Collects the chunks with a clock that never moves, so the hold never expires: chunking is by count alone.</summary>
    private static async Task<List<TextChunk>> ChunkFrozenAsync(IEnumerable<string> deltas, int wordsPerChunk)
    {
        var options = new StreamingOptions { WordsPerChunk = wordsPerChunk, HoldMs = 40, PacingMs = 0 };
        var chunks = new List<TextChunk>();
        await foreach (var chunk in WordChunker.ChunkAsync(Source(deltas), options, new ManualTimeProvider()))
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    public static TheoryData<string[]> Sources => new()
    {
        { ["مرحبا ", "بكم في ", "لوحة الإدارة", "، كيف ", "حالك؟ ", "هذا نص ", "عربي طويل ", "بعض الشيء."] },
        { ["Hello ", "مرحبا", " world ", "عالم ", "mixed نص text ", "and ", "more كلمات here."] },
        { ["Code:\n\n```csharp\n", "if (x)\n{\n    ", "return   y;\n}\n```\n", "done ", "after the block"] },
        { ["  lead", "ing   spaces\n\n\n", "and\t\ttabs  ", "   ", "x\n\n", "   y  z   "] },
        { ["spl", "it wo", "rd", "s in the mid", "dle of ", "a long sen", "tence here"] },
        { ["smile \uD83D", "\uDE00 and \uD83D\uDE00\uD83D", "\uDE03 end ", "\uD83D", "\uDE00"] },
    };

    private static IEnumerable<int> ChunkSizes => [1, 3, 5];

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task ChunkAsync_FastSource_ChunksConcatenateToDeltasAndHoldExactlyNWords(string[] deltas)
    {
        foreach (var n in ChunkSizes)
        {
            var chunks = await ChunkFrozenAsync(deltas, n).WaitAsync(Timeout);
            var texts = chunks.Select(c => c.Text).ToList();

            Assert.Equal(string.Concat(deltas), string.Concat(texts));
            ChunkAssert.BoundariesBetweenWords(texts);
            foreach (var chunk in chunks)
            {
                Assert.Equal(ChunkAssert.CountWords(chunk.Text), chunk.Words);
            }

            foreach (var chunk in chunks.SkipLast(1))
            {
                Assert.Equal(n, chunk.Words);
            }

            Assert.InRange(chunks[^1].Words, 0, n);
            Assert.Equal(ChunkAssert.CountWords(string.Concat(deltas)), chunks.Sum(c => c.Words));
        }
    }

    [Fact]
    public async Task ChunkAsync_Single500CharacterToken_ArrivesWholeAsOneChunk()
    {
        var token = string.Concat(Enumerable.Range(0, 500).Select(i => (char)('a' + (i % 26))));

        var whole = await ChunkFrozenAsync([token], 3).WaitAsync(Timeout);
        var pieces = await ChunkFrozenAsync(token.Chunk(37).Select(c => new string(c)), 3).WaitAsync(Timeout);

        Assert.Equal(new TextChunk(token, 1), Assert.Single(whole));
        Assert.Equal(new TextChunk(token, 1), Assert.Single(pieces));
    }

    [Fact]
    public async Task ChunkAsync_EmptySource_NoChunks()
    {
        var chunks = await ChunkFrozenAsync([], 3).WaitAsync(Timeout);

        Assert.Empty(chunks);
    }

    [Fact]
    public async Task ChunkAsync_EmptyDeltas_NoChunks()
    {
        var chunks = await ChunkFrozenAsync(["", "", ""], 3).WaitAsync(Timeout);

        Assert.Empty(chunks);
    }

    [Fact]
    public async Task ChunkAsync_WhiteSpaceOnlySource_WhiteSpaceKeptWithNoWords()
    {
        string[] deltas = ["  ", "\n\n", "\t "];

        var chunks = await ChunkFrozenAsync(deltas, 3).WaitAsync(Timeout);

        Assert.Equal(string.Concat(deltas), string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.Equal(0, c.Words));
    }

    [Fact]
    public async Task ChunkAsync_SourceBlocksAfterTwoWords_HoldSendsFirstWordEarly()
    {
        var options = new StreamingOptions { WordsPerChunk = 3, HoldMs = 40 };
        var firstChunkSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async IAsyncEnumerable<ChatDelta> Blocking([EnumeratorCancellation] CancellationToken ct = default)
        {
            yield return new ChatDelta("one two");
            // Without the hold, no chunk would go out until more words came: this wait would never end.
            await firstChunkSeen.Task.WaitAsync(ct);
            yield return new ChatDelta(" three four five six");
        }

        var chunks = new List<TextChunk>();
        var run = async () =>
        {
            await foreach (var chunk in WordChunker.ChunkAsync(Blocking(), options, TimeProvider.System))
            {
                chunks.Add(chunk);
                firstChunkSeen.TrySetResult();
            }
        };
        await run().WaitAsync(Timeout);

        Assert.Equal("one", chunks[0].Text);
        Assert.Equal(1, chunks[0].Words);
        Assert.Equal("one two three four five six", string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public async Task ChunkAsync_PacingOn_FirstChunkNotDelayed()
    {
        // The clock never moves: a paced first chunk could never go out.
        var options = new StreamingOptions { WordsPerChunk = 3, HoldMs = 40, PacingMs = 1_000 };
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async IAsyncEnumerable<ChatDelta> Blocking([EnumeratorCancellation] CancellationToken ct = default)
        {
            yield return new ChatDelta("one two three four ");
            await release.Task.WaitAsync(ct);
            yield return new ChatDelta("five");
        }

        using var cts = new CancellationTokenSource();
        await using var chunks = WordChunker.ChunkAsync(Blocking(), options, new ManualTimeProvider(), null, cts.Token)
            .GetAsyncEnumerator(cts.Token);

        Assert.True(await chunks.MoveNextAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(new TextChunk("one two three", 3), chunks.Current);
        Assert.False(release.Task.IsCompleted);
        await cts.CancelAsync();
    }

    [Fact]
    public async Task ChunkAsync_PacingWithBacklog_ChunksGrowToKeepLagBounded()
    {
        var options = new StreamingOptions { WordsPerChunk = 3, HoldMs = 40, PacingMs = 30, MaxDisplayLagMs = 250 };
        var words = Enumerable.Range(0, 2_000).Select(i => $"w{i} ").ToList();
        var deltas = words.Chunk(50).Select(w => string.Concat(w));

        var chunks = new List<TextChunk>();
        var run = async () =>
        {
            await foreach (var chunk in WordChunker.ChunkAsync(Source(deltas), options, TimeProvider.System))
            {
                chunks.Add(chunk);
            }
        };
        await run().WaitAsync(Timeout);

        Assert.Equal(string.Concat(words), string.Concat(chunks.Select(c => c.Text)));
        Assert.Equal(2_000, chunks.Sum(c => c.Words));
        // 3 words every 30 ms would take 667 chunks (20 s); the lag bound lets the backlog go in a few large chunks.
        Assert.True(chunks.Count < 100, $"{chunks.Count} chunks");
        Assert.Contains(chunks, c => c.Words > 3);
        Assert.Equal(3, chunks[0].Words);
    }

    [Fact]
    public async Task ChunkAsync_SourceFailsAfterText_TextYieldedThenExceptionPropagates()
    {
        var failure = new ChatProviderException(ChatErrorKind.ProviderError, "boom");

        async IAsyncEnumerable<ChatDelta> Failing()
        {
            await Task.Yield();
            yield return new ChatDelta("alpha beta ");
            yield return new ChatDelta("gam");
            throw failure;
        }

        var chunks = new List<TextChunk>();
        var thrown = await Assert.ThrowsAsync<ChatProviderException>(async () =>
        {
            await foreach (var chunk in WordChunker.ChunkAsync(Failing(), new StreamingOptions { WordsPerChunk = 5 },
                               new ManualTimeProvider()))
            {
                chunks.Add(chunk);
            }
        }).WaitAsync(Timeout);

        Assert.Same(failure, thrown);
        Assert.Equal("alpha beta gam", string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public async Task ChunkAsync_CancelledMidStream_YieldsReceivedTextAndEndsWithoutException()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sourceCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async IAsyncEnumerable<ChatDelta> Endless([EnumeratorCancellation] CancellationToken ct = default)
        {
            yield return new ChatDelta("one two three");
            // Runs only once the chunker has taken the delta above.
            received.TrySetResult();
            try
            {
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, ct);
            }
            finally
            {
                sourceCancelled.TrySetResult();
            }

            yield return new ChatDelta(" never");
        }

        using var cts = new CancellationTokenSource();
        // Ten words a chunk and a clock that never moves: nothing goes out before the stop.
        var options = new StreamingOptions { WordsPerChunk = 10, HoldMs = 40 };
        var chunks = new List<TextChunk>();
        var run = async () =>
        {
            await foreach (var chunk in WordChunker.ChunkAsync(Endless(), options, new ManualTimeProvider(), null, cts.Token))
            {
                chunks.Add(chunk);
            }
        };
        var running = run();
        await received.Task.WaitAsync(Timeout);
        Assert.Empty(chunks);

        await cts.CancelAsync();
        await running.WaitAsync(Timeout);

        Assert.Equal(new TextChunk("one two three", 2), Assert.Single(chunks));
        Assert.True(sourceCancelled.Task.IsCompleted);
    }

    [Fact]
    public async Task ChunkAsync_UsageDelta_CallbackInvokedWithUsage()
    {
        async IAsyncEnumerable<ChatDelta> WithUsage()
        {
            await Task.Yield();
            yield return new ChatDelta("some words here");
            yield return ChatDelta.ForUsage(new TokenUsage(12, 3));
        }

        var usages = new List<TokenUsage>();
        var chunks = new List<TextChunk>();
        await foreach (var chunk in WordChunker.ChunkAsync(WithUsage(), new StreamingOptions(), new ManualTimeProvider(), usages.Add))
        {
            chunks.Add(chunk);
        }

        Assert.Equal([new TokenUsage(12, 3)], usages);
        Assert.Equal("some words here", string.Concat(chunks.Select(c => c.Text)));
    }

    [Fact]
    public void ChunkAsync_NullArguments_ThrowBeforeEnumeration()
    {
        var options = new StreamingOptions();

        Assert.Throws<ArgumentNullException>(() => WordChunker.ChunkAsync(null!, options, TimeProvider.System));
        Assert.Throws<ArgumentNullException>(() => WordChunker.ChunkAsync(Source([]), null!, TimeProvider.System));
        Assert.Throws<ArgumentNullException>(() => WordChunker.ChunkAsync(Source([]), options, null!));
    }
}
