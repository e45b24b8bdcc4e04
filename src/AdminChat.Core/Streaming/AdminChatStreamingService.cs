using System.Runtime.CompilerServices;
using System.Text;
using AdminChat.Core.Diagnostics;
using AdminChat.Core.Hybrid;
using AdminChat.Core.Providers;
using AdminChat.Core.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Streaming;

/// <summary>One update of a streamed answer: a chunk to append, or, last of all, the request's record.</summary>
public readonly record struct StreamUpdate(TextChunk Chunk, StreamRecord? Completed = null);

/// <summary>
/// Streams one answer for one circuit (it is scoped): resolves the model, asks the providers through the
/// <see cref="ResilientChatClient"/> (retries, breakers, fallbacks), chunks the deltas into whole words, measures the
/// request and hands the record to every <see cref="IStreamRecordSink"/>.
/// Provider failures do not throw: they end the stream with a record whose outcome says what happened.
/// </summary>
public sealed partial class AdminChatStreamingService(
    ChatModelCatalog catalog,
    ResilientChatClient providers,
    IOptionsMonitor<StreamingOptions> streamingOptions,
    IEnumerable<IStreamRecordSink> sinks,
    TimeProvider timeProvider,
    ILogger<AdminChatStreamingService> logger,
    ChunkTimingRecorder? chunkTimings = null,
    Routing.CostCalculator? costs = null,
    HybridStreaming? hybrid = null)
{
    public ChatModelCatalog Catalog => catalog;

    public IAsyncEnumerable<StreamUpdate> StreamAsync(IReadOnlyList<ChatTurn> turns, string? model,
        CancellationToken cancellationToken = default) => StreamAsync(turns, model, context: null, cancellationToken);

    /// <param name="context">Who asked and where; copied into the record. Null makes a fresh request id.</param>
    public IAsyncEnumerable<StreamUpdate> StreamAsync(IReadOnlyList<ChatTurn> turns, string? model, StreamContext? context,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turns);
        if (turns.Count == 0)
        {
            throw new ArgumentException("At least one turn is needed.", nameof(turns));
        }

        return StreamCoreAsync(turns, model, context ?? new StreamContext(Guid.NewGuid().ToString("N")), cancellationToken);
    }

    private async IAsyncEnumerable<StreamUpdate> StreamCoreAsync(IReadOnlyList<ChatTurn> turns, string? model,
        StreamContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var startedAt = timeProvider.GetUtcNow();
        var (provider, choice) = catalog.Resolve(model);
        TokenUsage? usage = null;
        TimeSpan? firstChunk = null;
        int chunks = 0, words = 0, characters = 0;
        var outcome = StreamOutcome.Complete;
        ChatErrorKind? errorKind = null;
        TimeSpan? retryAfter = null;
        ServedBy? served = null;

        var request = new ChatRequest(turns, choice.Model)
        {
            Temperature = context.Temperature,
            MaxOutputTokens = context.MaxOutputTokens,
        };
        var hybridOn = hybrid is { Enabled: true };
        var cacheKey = hybridOn
            ? ResponseCache.KeyFor(context.UserId, hybrid!.Options.CacheSharedAcrossUsers, request)
            : null;
        CachedAnswer? hit = null;
        TimeSpan? cachedAge = null;
        if (cacheKey is not null && !context.BypassCache && hybrid!.Cache.TryGet(cacheKey, out var found, out var age))
        {
            hit = found;
            cachedAge = age;
        }

        // Kept only to fill the cache with a complete answer; never read while streaming.
        var produced = cacheKey is not null && hit is null ? new StringBuilder() : null;
        var deltas = hit is not null
            ? CachedReplay.DeltasAsync(hit, cancellationToken)
            : providers.StreamAsync(request, provider.Name, s => served = s, cancellationToken);
        var chunking = WithOverrides(streamingOptions.CurrentValue, context);
        var adaptive = hybridOn
            ? new AdaptiveChunkSizer(chunking.WordsPerChunk, hybrid!.Options.MaxRendersPerSecond, chunking.MaxDisplayLagMs,
                timeProvider.TimestampFrequency)
            : null;
        var source = WordChunker.ChunkAsync(deltas, chunking, timeProvider, u => usage = u, adaptive, cancellationToken);
        await using (var enumerator = source.GetAsyncEnumerator(cancellationToken))
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    errorKind = ex is ChatProviderException provided ? provided.Kind : ChatErrorKind.Unknown;
                    retryAfter = (ex as ChatProviderException)?.RetryAfter;
                    outcome = characters > 0 ? StreamOutcome.Partial : StreamOutcome.Error;
                    LogProviderFailure(logger, ex, served?.Provider ?? provider.Name, served?.Model ?? choice.Model,
                        errorKind.Value, characters);
                    break;
                }

                var chunk = enumerator.Current;
                firstChunk ??= timeProvider.GetElapsedTime(started);
                chunks++;
                words += chunk.Words;
                characters += chunk.Text.Length;
                produced?.Append(chunk.Text);
                yield return new StreamUpdate(chunk);
                // Resumed once the consumer asks for more: in the app, after the chunk's render went to the circuit.
                if (chunkTimings is { Enabled: true })
                {
                    chunkTimings.Record(chunk.ReadyAt);
                }
            }
        }

        if (outcome == StreamOutcome.Complete && cancellationToken.IsCancellationRequested)
        {
            outcome = StreamOutcome.Stopped;
        }

        var record = new StreamRecord
        {
            RequestId = context.RequestId,
            UserId = context.UserId,
            ConversationId = context.ConversationId,
            Tier = context.Tier,
            Variant = context.Variant,
            Provider = hit is not null ? ResponseCache.ProviderName : served?.Provider ?? provider.Name,
            Model = hit?.Model ?? served?.Model ?? choice.Model,
            Simulated = hit?.Simulated ?? served?.Simulated ?? provider.IsSimulated,
            RequestedProvider = provider.Name,
            FellBack = served?.FellBack ?? false,
            Attempts = served?.Attempts ?? 0,
            RetryAfter = retryAfter,
            StartedAt = startedAt,
            TimeToFirstChunk = firstChunk,
            Total = timeProvider.GetElapsedTime(started),
            Chunks = chunks,
            Words = words,
            Characters = characters,
            Usage = usage,
            Outcome = outcome,
            ErrorKind = errorKind,
            RoutingReason = context.RoutingReason,
            Escalations = context.Escalations,
            Cached = hit is not null,
            CachedAge = cachedAge,
            CachedFromProvider = hit?.Provider,
        };
        // A cached answer called no model: it costs nothing.
        if (costs is not null && hit is null)
        {
            record = costs.Price(record, turns);
        }

        if (produced is not null && outcome == StreamOutcome.Complete && characters > 0)
        {
            // Only a complete answer, exactly as the model produced it, may be served again.
            hybrid!.Cache.Store(cacheKey!, new CachedAnswer(produced.ToString(), startedAt, record.Provider, record.Model,
                record.Simulated, usage));
        }

        foreach (var sink in sinks)
        {
            sink.Record(record);
        }

        yield return new StreamUpdate(default, record);
    }

    // An experiment variant may change chunking for its requests; the shared options object is never mutated.
    private static StreamingOptions WithOverrides(StreamingOptions options, StreamContext context) =>
        context.WordsPerChunk is null && context.PacingMs is null
            ? options
            : new StreamingOptions
            {
                WordsPerChunk = context.WordsPerChunk ?? options.WordsPerChunk,
                PacingMs = context.PacingMs ?? options.PacingMs,
                HoldMs = options.HoldMs,
                MaxDisplayLagMs = options.MaxDisplayLagMs,
            };

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Provider {Provider} failed for model {Model} ({Kind}) after {Characters} characters")]
    private static partial void LogProviderFailure(ILogger logger, Exception exception, string provider, string model,
        ChatErrorKind kind, int characters);
}
