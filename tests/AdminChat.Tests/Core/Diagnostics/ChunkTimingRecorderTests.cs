using System.Runtime.CompilerServices;
using AdminChat.Core.Diagnostics;
using AdminChat.Core.Providers;
using AdminChat.Core.Streaming;
using AdminChat.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace AdminChat.Tests.Core.Diagnostics;

public sealed class ChunkTimingRecorderTests
{
    private static ChunkTimingRecorder Recorder(bool on, TimeProvider time) =>
        new(Options.Create(new DiagnosticsOptions { ChunkTimings = on }), time);

    [Fact]
    public void Record_Off_KeepsNothing()
    {
        var time = new ManualTimeProvider();
        var recorder = Recorder(on: false, time);

        recorder.Record(time.GetTimestamp());

        Assert.False(recorder.Enabled);
        Assert.Empty(recorder.Snapshot(reset: false));
    }

    [Fact]
    public void Record_On_KeepsElapsedMicrosecondsUntilReset()
    {
        var time = new ManualTimeProvider();
        var recorder = Recorder(on: true, time);
        var ready = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(2));

        recorder.Record(ready);

        Assert.Equal([2000.0], recorder.Snapshot(reset: true));
        Assert.Empty(recorder.Snapshot(reset: false));
    }

    [Fact]
    public async Task ChunkAsync_AnySource_StampsEachChunkWithTheArrivalOfItsNewestText()
    {
        var time = new ManualTimeProvider();
        var start = time.GetTimestamp();
        var chunks = new List<TextChunk>();
        await foreach (var chunk in WordChunker.ChunkAsync(Source(["one ", "two ", "three ", "four"]),
                           new StreamingOptions { WordsPerChunk = 3 }, time))
        {
            chunks.Add(chunk);
        }

        // The clock never moves, so every arrival is the start; the point is that no chunk goes out unstamped.
        Assert.All(chunks, c => Assert.Equal(start, c.ReadyAt));
        Assert.Equal(3, chunks[0].Words);
    }

    private static async IAsyncEnumerable<ChatDelta> Source(IEnumerable<string> deltas,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var delta in deltas)
        {
            await Task.Yield();
            yield return new ChatDelta(delta);
        }
    }
}
