using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AdminChat.Core.Providers;

namespace AdminChat.Core.Streaming;

/// <summary>A piece of the answer as it is shown: whole words with their white space.</summary>
public readonly record struct TextChunk(string Text, int Words)
{
    /// <summary>
    /// When the chunk could go out (a <see cref="TimeProvider"/> timestamp): the arrival of the newest text in it, or the
    /// end of its hold or pacing wait if later. Diagnostics only (<c>ChunkTimingRecorder</c>), so not part of equality.
    /// </summary>
    public long ReadyAt { get; init; }

    public bool Equals(TextChunk other) => Text == other.Text && Words == other.Words;

    public override int GetHashCode() => HashCode.Combine(Text, Words);
}

/// <summary>
/// Turns a provider's deltas into chunks of whole words. The provider is read on its own task so that
/// a slow model, the hold timer and pacing never wait on each other:
/// <list type="bullet">
/// <item>a chunk goes out as soon as it holds <see cref="StreamingOptions.WordsPerChunk"/> words;</item>
/// <item>fewer words go out once the oldest has waited <see cref="StreamingOptions.HoldMs"/>;</item>
/// <item>with pacing, chunks are spaced out but grow with the backlog, so the display never falls more
/// than <see cref="StreamingOptions.MaxDisplayLagMs"/> behind the model;</item>
/// <item>when the provider fails or the caller stops, the text already received is flushed before the
/// failure is rethrown or the stream ends, so nothing received is lost.</item>
/// </list>
/// </summary>
public static class WordChunker
{
    public static IAsyncEnumerable<TextChunk> ChunkAsync(IAsyncEnumerable<ChatDelta> source, StreamingOptions options,
        TimeProvider timeProvider, Action<TokenUsage>? onUsage = null, CancellationToken cancellationToken = default) =>
        ChunkAsync(source, options, timeProvider, onUsage, adaptive: null, cancellationToken);

    /// <param name="adaptive">Hybrid streaming: sizes chunks from the measured word rate instead of the fixed size.</param>
    public static IAsyncEnumerable<TextChunk> ChunkAsync(IAsyncEnumerable<ChatDelta> source, StreamingOptions options,
        TimeProvider timeProvider, Action<TokenUsage>? onUsage, Hybrid.AdaptiveChunkSizer? adaptive,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return ChunkCoreAsync(source, options, timeProvider, onUsage, adaptive, cancellationToken);
    }

    private static async IAsyncEnumerable<TextChunk> ChunkCoreAsync(IAsyncEnumerable<ChatDelta> source,
        StreamingOptions options, TimeProvider time, Action<TokenUsage>? onUsage, Hybrid.AdaptiveChunkSizer? adaptive,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<(string Text, long Arrived)>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var pumpCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = PumpAsync(source, channel.Writer, time, onUsage, pumpCancellation.Token);

        var buffer = new WordChunkBuffer();
        var hold = TimeSpan.FromMilliseconds(options.HoldMs);
        var pacing = TimeSpan.FromMilliseconds(options.PacingMs);
        var maxLag = TimeSpan.FromMilliseconds(options.MaxDisplayLagMs);
        var sentAny = false;
        long nextSendAllowed = 0;
        Exception? failure = null;

        try
        {
            while (true)
            {
                while (channel.Reader.TryRead(out var piece))
                {
                    var before = buffer.CompleteWords;
                    buffer.Append(piece.Text, piece.Arrived);
                    adaptive?.Observe(buffer.CompleteWords - before, piece.Arrived);
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                var ended = channel.Reader.Completion.IsCompleted;
                if (ended)
                {
                    failure = channel.Reader.Completion.Exception?.InnerException;
                    if (failure is not null || cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    buffer.End();
                }

                var now = time.GetTimestamp();
                var paced = sentAny && pacing > TimeSpan.Zero;
                var gateOpen = !paced || now >= nextSendAllowed;
                var complete = buffer.CompleteWords;
                var oldest = buffer.OldestWordArrival;
                var holdExpired = oldest is { } arrived && time.GetElapsedTime(arrived, now) >= hold;

                // Hybrid streaming sizes chunks from the measured word rate; otherwise the configured size.
                var perChunk = adaptive?.Current ?? options.WordsPerChunk;
                if (gateOpen && complete > 0 && (complete >= perChunk || holdExpired || ended))
                {
                    var words = perChunk;
                    if (paced)
                    {
                        // Everything that would be older than the lag target by the next paced send goes now.
                        var mustShowBy = now + ToTicks(pacing - maxLag, time);
                        words = Math.Max(words, buffer.CountWordsArrivedBefore(mustShowBy));
                    }

                    var readyAt = ReadyAt(buffer, complete < perChunk && holdExpired && !ended ? oldest.GetValueOrDefault() + ToTicks(hold, time) : 0,
                        paced ? nextSendAllowed : 0);
                    var text = buffer.Take(words, out var taken);
                    sentAny = true;
                    nextSendAllowed = now + ToTicks(pacing, time);
                    yield return new TextChunk(text, taken) { ReadyAt = readyAt };
                    continue;
                }

                if (ended && complete == 0)
                {
                    if (!buffer.IsEmpty)
                    {
                        yield return new TextChunk(buffer.TakeRest(), 0) { ReadyAt = buffer.NewestArrival };
                    }

                    yield break;
                }

                // Nothing to send yet: sleep until new text arrives, the pacing gate opens or the hold expires.
                TimeSpan? wait = null;
                if (complete > 0 && !gateOpen)
                {
                    wait = time.GetElapsedTime(now, nextSendAllowed);
                }
                else if (complete > 0 && oldest is { } oldestArrival)
                {
                    wait = hold - time.GetElapsedTime(oldestArrival, now);
                }

                await WaitAsync(ended ? null : channel.Reader, wait, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await pumpCancellation.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }

        // Stopped or failed: what was received still reaches the person, then the failure surfaces.
        while (channel.Reader.TryRead(out var rest))
        {
            buffer.Append(rest.Text, rest.Arrived);
        }

        if (!buffer.IsEmpty)
        {
            var words = buffer.CompleteWords;
            var readyAt = buffer.NewestArrival;
            yield return new TextChunk(buffer.TakeRest(), words) { ReadyAt = readyAt };
        }

        if (failure is not null && !cancellationToken.IsCancellationRequested)
        {
            throw failure;
        }
    }

    private static async Task PumpAsync(IAsyncEnumerable<ChatDelta> source, ChannelWriter<(string, long)> writer,
        TimeProvider time, Action<TokenUsage>? onUsage, CancellationToken cancellationToken)
    {
        // Run the provider on the thread pool so that it never runs inline on the consumer's context.
        await Task.Yield();
        try
        {
            await foreach (var delta in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (delta.Usage is { } usage)
                {
                    onUsage?.Invoke(usage);
                }

                if (delta.Text.Length > 0)
                {
                    writer.TryWrite((delta.Text, time.GetTimestamp()));
                }
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
        }
    }

    private static async ValueTask WaitAsync(ChannelReader<(string, long)>? reader, TimeSpan? wait, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (reader is null)
        {
            // The source has ended: only the pacing gate is left to wait for.
            try
            {
                await Task.Delay(wait ?? TimeSpan.Zero, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A stop: the caller flushes and ends.
            }

            return;
        }

        if (wait is null)
        {
            await WaitForDataAsync(reader, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var timerCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var data = WaitForDataAsync(reader, timerCancellation.Token).AsTask();
        var timer = Task.Delay(wait.Value, time, timerCancellation.Token);
        await Task.WhenAny(data, timer).ConfigureAwait(false);
        await timerCancellation.CancelAsync().ConfigureAwait(false);
        try
        {
            await timer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The timer lost the race, or the caller stopped: the loop looks at which.
        }
    }

    private static async ValueTask WaitForDataAsync(ChannelReader<(string, long)> reader, CancellationToken cancellationToken)
    {
        try
        {
            // Completion (with or without a fault) is seen by the caller through reader.Completion.
            await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Woken by the timer or by a stop; the caller decides which.
        }
        catch (Exception)
        {
            // A provider fault: the caller reads it from reader.Completion after flushing.
        }
    }

    private static long ReadyAt(WordChunkBuffer buffer, long holdEnded, long gateOpened) =>
        Math.Max(buffer.NewestArrival, Math.Max(holdEnded, gateOpened));

    private static long ToTicks(TimeSpan span, TimeProvider time) =>
        (long)(span.TotalSeconds * time.TimestampFrequency);
}
