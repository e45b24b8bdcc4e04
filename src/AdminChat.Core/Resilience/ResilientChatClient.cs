using System.Runtime.CompilerServices;
using AdminChat.Core.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace AdminChat.Core.Resilience;

/// <summary>Which provider served an answer (or was asked last, when none could), and how it came to.</summary>
public sealed record ServedBy(string Provider, string Model, bool Simulated, bool FellBack, int Attempts);

/// <summary>
/// Asks the providers for an answer with retries, a circuit breaker per provider, timeouts and the fallback chain.
/// Everything that may be repeated happens before the first word: retries (exponential backoff with jitter,
/// Retry-After honoured) and fallbacks only start an answer, never repeat text the person has already seen.
/// After the first word a failure or a silence longer than the idle timeout ends the stream with a
/// <see cref="ChatProviderException"/>, and the caller keeps what arrived as a partial answer.
/// It is a singleton: the breakers see every circuit's calls.
/// </summary>
public sealed partial class ResilientChatClient
{
    private readonly ChatProviderSet _providers;
    private readonly ResilienceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ResilientChatClient> _logger;
    private readonly Dictionary<string, (ResiliencePipeline Pipeline, ProviderHealth Health)> _resilience;

    public ResilientChatClient(ChatProviderSet providers, IOptions<ResilienceOptions> options, TimeProvider time,
        ILogger<ResilientChatClient> logger)
    {
        _providers = providers;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _resilience = providers.All.ToDictionary(p => p.Name, Build, StringComparer.OrdinalIgnoreCase);
    }

    public ChatProviderSet Providers => _providers;

    public IReadOnlyList<ProviderHealthSnapshot> Health() =>
        [.. _providers.All.Select(p => _resilience[p.Name].Health.Snapshot())];

    /// <summary>
    /// Streams the answer from <paramref name="providerName"/> or, when it cannot start one, the next provider in
    /// the chain. <paramref name="onServed"/> is told which provider served (or was asked last) before the first
    /// delta or the failure.
    /// </summary>
    public IAsyncEnumerable<ChatDelta> StreamAsync(ChatRequest request, string providerName, Action<ServedBy> onServed,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onServed);
        return StreamCoreAsync(request, providerName, onServed, cancellationToken);
    }

    private async IAsyncEnumerable<ChatDelta> StreamCoreAsync(ChatRequest request, string providerName,
        Action<ServedBy> onServed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var total = TimeSpan.FromSeconds(_options.TotalTimeoutSeconds);
        var chain = _options.Fallback ? _providers.ChainFor(providerName) : _providers.ChainFor(providerName).Take(1).ToList();
        var attempts = 0;
        ChatProviderException? failure = null;
        StartedStream? stream = null;
        ServedBy? served = null;

        for (var i = 0; i < chain.Count && stream is null; i++)
        {
            var provider = chain[i];
            var model = provider.Provider.Models.Contains(request.Model, StringComparer.Ordinal)
                ? request.Model
                : provider.Provider.Models[0];
            var attemptRequest = request with { Model = model, MaxOutputTokens = request.MaxOutputTokens ?? _options.MaxResponseTokens };
            served = new ServedBy(provider.Name, model, provider.Provider.IsSimulated, i > 0, attempts);
            var (pipeline, health) = _resilience[provider.Name];
            try
            {
                stream = await pipeline.ExecuteAsync(
                    async ct =>
                    {
                        attempts++;
                        try
                        {
                            return await StartAsync(provider, attemptRequest, started, total, ct).ConfigureAwait(false);
                        }
                        catch (ChatProviderException ex)
                        {
                            // Every failed attempt shows on the providers page; the breaker keeps its own counts.
                            health.RecordFailure(ex.Kind);
                            throw;
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
                served = served with { Attempts = attempts };
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (BrokenCircuitException ex)
            {
                failure = new ChatProviderException(ChatErrorKind.ProviderError,
                    $"Provider '{provider.Name}' is skipped: its circuit is open after repeated failures.", ex)
                {
                    RetryAfter = ex.RetryAfter,
                };
                LogSkipped(_logger, provider.Name);
            }
            catch (ChatProviderException ex)
            {
                failure = ex;
                LogStartFailed(_logger, ex, provider.Name, model, ex.Kind, attempts);
                if (!ChatProviderException.IsProviderFault(ex.Kind))
                {
                    break;
                }
            }

            if (stream is null && _time.GetElapsedTime(started) >= total)
            {
                break;
            }
        }

        onServed(served! with { Attempts = attempts });
        if (stream is null)
        {
            throw failure ?? new ChatProviderException(ChatErrorKind.Unknown, "No provider could start an answer.");
        }

        var servedHealth = _resilience[served!.Provider].Health;
        await using (stream.ConfigureAwait(false))
        {
            if (stream.First is { } first)
            {
                yield return first;
            }

            foreach (var usage in stream.PendingUsage)
            {
                yield return usage;
            }

            while (!stream.Ended)
            {
                ChatDelta delta;
                try
                {
                    var remaining = total - _time.GetElapsedTime(started);
                    var idle = TimeSpan.FromSeconds(_options.IdleTimeoutSeconds);
                    stream.Arm(remaining < idle ? remaining : idle, remaining < idle ? "whole-answer" : "silence");
                    if (!await stream.Updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    delta = stream.Updates.Current;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && stream.TimedOut)
                {
                    // However the cancelled read surfaced (cancellation, or an aborted HTTP read), the timer cut it.
                    servedHealth.RecordFailure(ChatErrorKind.Timeout);
                    throw new ChatProviderException(ChatErrorKind.Timeout, stream.Reason switch
                    {
                        "whole-answer" => $"Provider '{served.Provider}' did not finish within {_options.TotalTimeoutSeconds} s.",
                        _ => $"Provider '{served.Provider}' fell silent for {_options.IdleTimeoutSeconds} s mid-answer.",
                    }, ex);
                }
                catch (ChatProviderException ex)
                {
                    servedHealth.RecordFailure(ex.Kind);
                    throw;
                }

                yield return delta;
            }
        }

        servedHealth.RecordSuccess();
    }

    /// <summary>One attempt: opens the stream and waits for its first word, within the first-token timeout.</summary>
    private async ValueTask<StartedStream> StartAsync(ConfiguredProvider provider, ChatRequest request, long started,
        TimeSpan total, CancellationToken cancellationToken)
    {
        var remaining = total - _time.GetElapsedTime(started);
        var firstToken = TimeSpan.FromSeconds(_options.FirstTokenTimeoutSeconds);
        var stream = new StartedStream(_time, cancellationToken);
        try
        {
            stream.Arm(remaining < firstToken ? remaining : firstToken, "first-token");
            stream.Updates = provider.Provider.StreamAsync(request, stream.Token).GetAsyncEnumerator(stream.Token);
            while (true)
            {
                if (!await stream.Updates.MoveNextAsync().ConfigureAwait(false))
                {
                    // The model finished without a word: an empty answer, not a failure.
                    stream.Ended = true;
                    return stream;
                }

                var delta = stream.Updates.Current;
                if (delta.Text.Length > 0)
                {
                    stream.First = delta;
                    return stream;
                }

                if (delta.Usage is not null)
                {
                    stream.PendingUsage.Add(delta);
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && stream.TimedOut)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new ChatProviderException(ChatErrorKind.Timeout,
                $"Provider '{provider.Name}' sent no first token within {(remaining < firstToken ? remaining : firstToken).TotalSeconds:0.#} s.", ex);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private (ResiliencePipeline, ProviderHealth) Build(ConfiguredProvider provider)
    {
        var circuit = new CircuitBreakerStateProvider();
        var health = new ProviderHealth(provider, circuit, _time);
        var builder = new ResiliencePipelineBuilder { Name = provider.Name, TimeProvider = _time };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetries,
                Delay = TimeSpan.FromMilliseconds(_options.RetryBaseDelayMs),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<ChatProviderException>(ShouldRetry),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is ChatProviderException { RetryAfter: { } wait } ? wait : (TimeSpan?)null),
                OnRetry = args =>
                {
                    LogRetry(_logger, provider.Name, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds,
                        (args.Outcome.Exception as ChatProviderException)?.Kind ?? ChatErrorKind.Unknown);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = _options.BreakerFailureRatio,
            MinimumThroughput = _options.BreakerMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(Math.Max(1, _options.BreakerSamplingSeconds)),
            BreakDuration = TimeSpan.FromSeconds(Math.Max(1, _options.BreakerBreakSeconds)),
            StateProvider = circuit,
            // Refusals of the question itself say nothing about the provider's health.
            ShouldHandle = new PredicateBuilder().Handle<ChatProviderException>(ex => ChatProviderException.IsProviderFault(ex.Kind)),
            OnOpened = args =>
            {
                LogCircuitOpened(_logger, provider.Name, args.BreakDuration.TotalSeconds);
                return ValueTask.CompletedTask;
            },
            OnHalfOpened = _ =>
            {
                LogCircuitHalfOpened(_logger, provider.Name);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                LogCircuitClosed(_logger, provider.Name);
                return ValueTask.CompletedTask;
            },
        });

        return (builder.Build(), health);
    }

    private bool ShouldRetry(ChatProviderException ex) =>
        ChatProviderException.IsTransient(ex.Kind)
        && (ex.RetryAfter is not { } wait || wait <= TimeSpan.FromSeconds(_options.MaxRetryAfterSeconds));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {Provider} could not start model {Model} ({Kind}) after {Attempts} attempts")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string provider, string model, ChatErrorKind kind, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying provider {Provider} (attempt {Attempt}) in {DelayMs} ms after {Kind}")]
    private static partial void LogRetry(ILogger logger, string provider, int attempt, double delayMs, ChatErrorKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {Provider} skipped: circuit open")]
    private static partial void LogSkipped(ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Error, Message = "Circuit of provider {Provider} opened for {Seconds} s")]
    private static partial void LogCircuitOpened(ILogger logger, string provider, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Circuit of provider {Provider} half-open: probing")]
    private static partial void LogCircuitHalfOpened(ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Circuit of provider {Provider} closed")]
    private static partial void LogCircuitClosed(ILogger logger, string provider);
}
