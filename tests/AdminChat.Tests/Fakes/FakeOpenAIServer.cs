using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdminChat.Tests.Fakes;

/// <summary>How the fake provider answers the next request; tests may swap it between requests.</summary>
public sealed record FakeOpenAIBehavior
{
    public IReadOnlyList<string> Tokens { get; init; } = ["Hello", " from", " the", " fake", " provider."];

    /// <summary>Delay before the first content chunk.</summary>
    public TimeSpan TimeToFirstToken { get; init; }

    /// <summary>Delay between content chunks.</summary>
    public TimeSpan TokenInterval { get; init; }

    /// <summary>Send the usage chunk when the request asks for it (stream_options.include_usage).</summary>
    public bool SendUsage { get; init; } = true;

    /// <summary>Answer with this HTTP status and an OpenAI-style JSON error body instead of streaming.</summary>
    public int? FailWithStatus { get; init; }

    /// <summary>Abort the connection (HttpContext.Abort) after this many content chunks, one <see cref="TokenInterval"/> later.</summary>
    public int? DropConnectionAfterTokens { get; init; }

    /// <summary>False: answer a plain, non-streaming chat.completion JSON even if streaming was requested.</summary>
    public bool Stream { get; init; } = true;

    /// <summary>With <see cref="FailWithStatus"/>: the Retry-After header value (e.g. "2").</summary>
    public string? RetryAfter { get; init; }

    /// <summary>After this many content chunks, send nothing more but keep the connection open until the client leaves.</summary>
    public int? SilenceAfterTokens { get; init; }

    /// <summary>After this many content chunks, send a <c>data:</c> line that is not JSON.</summary>
    public int? MalformedLineAfterTokens { get; init; }

    /// <summary>An answer of <paramref name="words"/> tokens " word0", " word1", ... sent every <paramref name="interval"/>.</summary>
    public static FakeOpenAIBehavior LongAnswer(int words, TimeSpan interval) => new()
    {
        Tokens = [.. Enumerable.Range(0, words).Select(i => $" word{i}")],
        TokenInterval = interval,
    };
}

/// <summary>A request as the fake provider received it.</summary>
public sealed record FakeRequest(
    string Path,
    string? Authorization,
    IReadOnlyDictionary<string, string> Headers,
    JsonDocument Body,
    string? ConnectionId = null,
    string Method = "POST");

/// <summary>
/// An OpenAI-compatible provider on real Kestrel (127.0.0.1, a free port) that speaks the real wire format of
/// <c>POST {base}/chat/completions</c>: server-sent <c>data: {chat.completion.chunk}</c> events, a final chunk
/// with <c>finish_reason: "stop"</c>, the usage chunk when asked for, then <c>data: [DONE]</c>.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    private const string ChatCompletionsPath = "/v1/chat/completions";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _gate = new();
    private readonly List<FakeRequest> _requests = [];
    private readonly List<FakeRequest> _modelListRequests = [];
    private volatile FakeOpenAIBehavior _behavior;
    private readonly Queue<FakeOpenAIBehavior> _queued = new();
    private int _activeStreams;
    private int _cancelledStreams;
    private int _completionIds;

    private FakeOpenAIServer(FakeOpenAIBehavior behavior)
    {
        _behavior = behavior;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Testing",
        });
        // Nothing from the test machine's environment or files may change how the fake listens.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);
        _app = builder.Build();
        _app.MapPost(ChatCompletionsPath, HandleChatCompletionsAsync);
        _app.MapMethods("/v1/models", ["GET", "HEAD"], HandleModels);
        BaseUrl = null!;
    }

    public Uri BaseUrl { get; private set; }

    public FakeOpenAIBehavior Behavior
    {
        get => _behavior;
        set => _behavior = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Behaviours for the next requests, one each, in order; after them <see cref="Behavior"/> applies again.</summary>
    public void Enqueue(params FakeOpenAIBehavior[] behaviors)
    {
        lock (_gate)
        {
            foreach (var behavior in behaviors)
            {
                _queued.Enqueue(behavior);
            }
        }
    }

    /// <summary>A snapshot of the requests received so far, oldest first.</summary>
    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Streams currently being written.</summary>
    public int ActiveStreams => Volatile.Read(ref _activeStreams);

    /// <summary>Streams whose client went away (RequestAborted fired) before the end.</summary>
    public int CancelledStreams => Volatile.Read(ref _cancelledStreams);

    public static async Task<FakeOpenAIServer> StartAsync(FakeOpenAIBehavior? behavior = null)
    {
        var server = new FakeOpenAIServer(behavior ?? new FakeOpenAIBehavior());
        try
        {
            await server._app.StartAsync();
            var address = server._app.Services.GetRequiredService<IServer>().Features
                .Get<IServerAddressesFeature>()!.Addresses.Single();
            server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Ends streams still being written so that stopping never waits for a slow answer.
        await _shutdown.CancelAsync();
        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(stopTimeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Connections that did not close in time are dropped by DisposeAsync below.
            }
        }

        await _app.DisposeAsync();
        _shutdown.Dispose();
    }

    /// <summary>Requests for the model list (warm start), kept apart so that <see cref="Requests"/> stays the chat calls.</summary>
    public IReadOnlyList<FakeRequest> ModelListRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _modelListRequests];
            }
        }
    }

    /// <summary>Distinct TCP connections that carried a request of either kind.</summary>
    public int Connections => Requests.Concat(ModelListRequests).Select(r => r.ConnectionId).Distinct(StringComparer.Ordinal).Count();

    // The model list (warm start asks for it with HEAD, which gets the headers only).
    private IResult HandleModels(HttpContext context)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        lock (_gate)
        {
            _modelListRequests.Add(new FakeRequest(context.Request.Path.Value ?? string.Empty, headers.GetValueOrDefault("Authorization"),
                headers, JsonDocument.Parse("{}"), context.Connection.Id, context.Request.Method));
        }

        return Results.Json(new { @object = "list", data = new[] { new { id = "fake-model", @object = "model" } } });
    }

    private async Task HandleChatCompletionsAsync(HttpContext context)
    {
        FakeOpenAIBehavior behavior;
        lock (_gate)
        {
            behavior = _queued.TryDequeue(out var next) ? next : _behavior;
        }

        var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        lock (_gate)
        {
            _requests.Add(new FakeRequest(context.Request.Path.Value ?? string.Empty,
                headers.GetValueOrDefault("Authorization"), headers, body, context.Connection.Id));
        }

        var root = body.RootElement;
        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "fake-model";
        var id = $"chatcmpl-fake{Interlocked.Increment(ref _completionIds)}";
        var created = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var promptTokens = CountPromptTokens(root);

        if (behavior.FailWithStatus is { } status)
        {
            if (behavior.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            await WriteErrorAsync(context, status);
            return;
        }

        var streamRequested = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        if (!streamRequested || !behavior.Stream)
        {
            await WriteCompletionAsync(context, behavior, id, created, model, promptTokens);
            return;
        }

        var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _shutdown.Token);
        var token = linked.Token;
        Interlocked.Increment(ref _activeStreams);
        try
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";

            // Like OpenAI: the first chunk carries the role and empty content.
            await WriteEventAsync(context, Chunk(id, created, model, new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null), token);
            var sent = 0;
            foreach (var text in behavior.Tokens)
            {
                var delay = sent == 0 ? behavior.TimeToFirstToken : behavior.TokenInterval;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, token);
                }

                await WriteEventAsync(context, Chunk(id, created, model, new JsonObject { ["content"] = text }, null), token);
                sent++;
                if (behavior.SilenceAfterTokens is { } silence && sent >= silence)
                {
                    // Holds the connection open and says nothing, like a stalled model, until the client gives up.
                    await Task.Delay(Timeout.InfiniteTimeSpan, token);
                }

                if (behavior.MalformedLineAfterTokens is { } malformed && sent >= malformed)
                {
                    await WriteEventAsync(context, "{\"choices\": [ this is not json", token);
                    await WriteEventAsync(context, "[DONE]", token);
                    return;
                }

                if (behavior.DropConnectionAfterTokens is { } drop && sent >= drop)
                {
                    // The connection dies when the next token was due, so the client has had the time to read the last.
                    if (behavior.TokenInterval > TimeSpan.Zero)
                    {
                        await Task.Delay(behavior.TokenInterval, token);
                    }

                    context.Abort();
                    return;
                }
            }

            await WriteEventAsync(context, Chunk(id, created, model, new JsonObject(), "stop"), token);
            if (includeUsage && behavior.SendUsage)
            {
                var usageChunk = new JsonObject
                {
                    ["id"] = id,
                    ["object"] = "chat.completion.chunk",
                    ["created"] = created,
                    ["model"] = model,
                    ["choices"] = new JsonArray(),
                    ["usage"] = Usage(promptTokens, behavior.Tokens.Count),
                };
                await WriteEventAsync(context, usageChunk.ToJsonString(), token);
            }

            await WriteEventAsync(context, "[DONE]", token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            Interlocked.Increment(ref _cancelledStreams);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            context.Abort();
        }
        finally
        {
            Interlocked.Decrement(ref _activeStreams);
        }
    }

    private static async Task WriteEventAsync(HttpContext context, string data, CancellationToken cancellationToken)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static string Chunk(string id, long created, string model, JsonObject delta, string? finishReason) => new JsonObject
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["finish_reason"] = finishReason,
        }),
    }.ToJsonString();

    private static JsonObject Usage(int promptTokens, int completionTokens) => new()
    {
        ["prompt_tokens"] = promptTokens,
        ["completion_tokens"] = completionTokens,
        ["total_tokens"] = promptTokens + completionTokens,
    };

    private static async Task WriteErrorAsync(HttpContext context, int status)
    {
        var (type, code) = status switch
        {
            401 => ("invalid_request_error", "invalid_api_key"),
            402 => ("insufficient_quota", "insufficient_quota"),
            404 => ("invalid_request_error", "model_not_found"),
            429 => ("rate_limit_exceeded", "rate_limit_exceeded"),
            _ => ("server_error", "server_error"),
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = $"Fake provider error {status}.",
                ["type"] = type,
                ["param"] = null,
                ["code"] = code,
            },
        };
        await context.Response.WriteAsync(error.ToJsonString());
    }

    private static async Task WriteCompletionAsync(HttpContext context, FakeOpenAIBehavior behavior, string id, long created,
        string model, int promptTokens)
    {
        if (behavior.TimeToFirstToken > TimeSpan.Zero)
        {
            await Task.Delay(behavior.TimeToFirstToken, context.RequestAborted);
        }

        var completion = new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = string.Concat(behavior.Tokens) },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = Usage(promptTokens, behavior.Tokens.Count),
        };
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(completion.ToJsonString(), context.RequestAborted);
    }

    /// <summary>A rough prompt size: one token per white-space separated word of every message.</summary>
    private static int CountPromptTokens(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        var count = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.TryGetProperty("content", out var content))
            {
                var text = content.ValueKind == JsonValueKind.String ? content.GetString() : content.GetRawText();
                count += text?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length ?? 0;
            }
        }

        return count;
    }
}
