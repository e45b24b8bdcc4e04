using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;

namespace AdminChat.Core.Providers;

/// <summary>
/// Any server that speaks the OpenAI chat completions API (OpenRouter, OpenAI, Ollama, vLLM, LM Studio),
/// through the official SDK. The SDK asks for usage in the stream (<c>stream_options.include_usage</c>).
/// </summary>
public sealed class OpenAICompatibleProvider : IChatModelProvider, IWarmableProvider
{
    private readonly OpenAIClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, ChatClient> _chatClients = new(StringComparer.Ordinal);

    public OpenAICompatibleProvider(string name, Uri endpoint, string? apiKey, IReadOnlyList<string> models,
        IReadOnlyDictionary<string, string>? extraHeaders = null, TimeSpan? networkTimeout = null,
        TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(models);

        Name = name;
        Endpoint = endpoint;
        Models = models;
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            NetworkTimeout = networkTimeout ?? TimeSpan.FromMinutes(2),
            // Retries belong to our own resilience pipeline, which knows whether text already reached the person.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        // A server that ignores "stream": true answers one JSON chat.completion; turned into the event stream it
        // would have sent, it goes through the same SDK parsing and the same chunking as a streamed answer.
        options.AddPolicy(new NonStreamingAnswerPolicy(), PipelinePosition.PerTry);
        if (extraHeaders is { Count: > 0 })
        {
            options.AddPolicy(new ExtraHeadersPolicy(extraHeaders), PipelinePosition.PerCall);
        }

        // Local servers (Ollama, LM Studio) need no key, but the SDK needs a credential to send.
        _client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "no-key" : apiKey), options);
    }

    public string Name { get; }

    public Uri Endpoint { get; }

    public bool IsSimulated => false;

    public IReadOnlyList<string> Models { get; }

    public IAsyncEnumerable<ChatDelta> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Model);
        if (request.Turns.Count == 0)
        {
            throw new ArgumentException("A chat request needs at least one turn.", nameof(request));
        }

        return StreamCoreAsync(request, cancellationToken);
    }

    private async IAsyncEnumerable<ChatDelta> StreamCoreAsync(ChatRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chat = _chatClients.GetOrAdd(request.Model, _client.GetChatClient);
        var options = new ChatCompletionOptions
        {
            MaxOutputTokenCount = request.MaxOutputTokens,
            Temperature = request.Temperature,
        };

        // Disposing the enumerator disposes the HTTP response, also when the caller stops early.
        await using var updates = chat.CompleteChatStreamingAsync(request.Turns.Select(ToSdkMessage), options, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            StreamingChatCompletionUpdate update;
            try
            {
                if (!await updates.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }

                update = updates.Current;
            }
            catch (Exception ex) when (Classify(ex, cancellationToken) is { } classified)
            {
                throw classified;
            }

            foreach (var part in update.ContentUpdate)
            {
                if (part.Kind == ChatMessageContentPartKind.Text && !string.IsNullOrEmpty(part.Text))
                {
                    yield return new ChatDelta(part.Text);
                }
            }

            if (update.FinishReason == ChatFinishReason.ContentFilter)
            {
                throw new ChatProviderException(ChatErrorKind.ContentFiltered,
                    $"Provider '{Name}' stopped the answer with its content filter.");
            }

            if (update.Usage is { } usage)
            {
                yield return ChatDelta.ForUsage(new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount));
            }
        }
    }

    /// <summary>
    /// A HEAD request for <c>{endpoint}/models</c> through the SDK's own pipeline and transport, so the TCP (and TLS)
    /// connection it opens is the pooled one the next chat request reuses. HEAD, so no model list is downloaded; the
    /// status does not matter (a 404 or 405 still leaves a kept-alive connection).
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default)
    {
        using var message = _client.Pipeline.CreateMessage();
        message.Request.Method = "HEAD";
        message.Request.Uri = new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/models");
        message.Apply(new RequestOptions { CancellationToken = cancellationToken, ErrorOptions = ClientErrorBehaviors.NoThrow });
        try
        {
            await _client.Pipeline.SendAsync(message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ClientResultException or HttpRequestException or IOException
            or OperationCanceledException or TimeoutException)
        {
            // Best effort: the real request will report a real failure.
        }
    }

    private ChatProviderException? Classify(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        // The caller's own cancellation (Stop) is not a failure: let it through unchanged.
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        ChatProviderException => null,
        // The SDK reports a transport failure (refused, reset, timed out) as status 0: classify what it wraps.
        ClientResultException { Status: 0, InnerException: { } transport } => Classify(transport, cancellationToken),
        // Not chained: the SDK's message quotes the provider's error body, which may echo a key; ours masks it.
        ClientResultException result => new ChatProviderException(ChatProviderException.KindFromStatus(result.Status),
            $"Provider '{Name}' answered HTTP {result.Status}: {SecretMask.MaskKeysIn(result.Message)}")
        {
            RetryAfter = result.Status == 429 ? RetryAfterOf(result.GetRawResponse()) : null,
        },
        OperationCanceledException or TimeoutException => new ChatProviderException(ChatErrorKind.Timeout,
            $"Provider '{Name}' did not answer in time.", ex),
        HttpRequestException or IOException => new ChatProviderException(ChatErrorKind.NetworkUnreachable,
            $"Provider '{Name}' at {Endpoint.GetLeftPart(UriPartial.Authority)} could not be reached or dropped the connection: {ex.Message}", ex),
        JsonException or FormatException or InvalidOperationException => new ChatProviderException(ChatErrorKind.ProviderError,
            $"Provider '{Name}' sent a stream that could not be read: {ex.Message}", ex),
        _ => null,
    };

    private TimeSpan? RetryAfterOf(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        // OpenAI also sends the finer retry-after-ms; the standard header is the fallback.
        if (response.Headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        return response.Headers.TryGetValue("Retry-After", out var value)
            ? ChatProviderException.ParseRetryAfter(value, _timeProvider.GetUtcNow())
            : null;
    }

    private static ChatMessage ToSdkMessage(ChatTurn turn) => turn.Role switch
    {
        ChatRole.System => new SystemChatMessage(turn.Text),
        ChatRole.Assistant => new AssistantChatMessage(turn.Text),
        _ => new UserChatMessage(turn.Text),
    };

    private sealed class ExtraHeadersPolicy(IReadOnlyDictionary<string, string> headers) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Apply(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Apply(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Apply(PipelineMessage message)
        {
            foreach (var (name, value) in headers)
            {
                message.Request.Headers.Set(name, value);
            }
        }
    }
}
