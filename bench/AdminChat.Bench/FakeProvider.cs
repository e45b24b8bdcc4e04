using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AdminChat.Bench;

/// <summary>How one answer is produced; read from the question so that every page and circuit can ask for its own.</summary>
public sealed record AnswerPlan(string Tag, int Tokens, double TokensPerSecond, int TtftMs)
{
    /// <summary>The question that asks the fake for this plan: <c>bench tag=p3 tokens=200 rate=50 ttft=0</c>.</summary>
    public string Question => string.Create(CultureInfo.InvariantCulture,
        $"bench tag={Tag} tokens={Tokens} rate={TokensPerSecond} ttft={TtftMs}");

    /// <summary>Token i as sent: its own word with a trailing space, so it is a complete word on arrival.</summary>
    public string Token(int i) => string.Create(CultureInfo.InvariantCulture, $"{Tag}w{i} ");
}

/// <summary>
/// The bench's OpenAI-compatible provider on loopback (real SSE wire format: chat.completion.chunk events, a final
/// chunk with finish_reason, a usage chunk, [DONE]). TTFT, token rate and answer length come from the question.
/// Each token's send time is kept per tag, as Unix milliseconds from the system clock (sub-millisecond), taken just
/// before the token is written and flushed; the bench compares them with times from the same clock.
/// </summary>
public sealed partial class FakeProvider : IAsyncDisposable
{
    public const string Model = "bench/fake-model";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, double[]> _sendTimes = new();

    private FakeProvider(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <param name="keepAlive">How long an idle connection stays open (Kestrel's default 130 s when null); scenario 3
    /// shortens it so that every question starts on a cold connection unless warm start opened one.</param>
    public static async Task<FakeProvider> StartAsync(TimeSpan? keepAlive = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (keepAlive is { } idle)
        {
            builder.WebHost.ConfigureKestrel(o => o.Limits.KeepAliveTimeout = idle);
        }

        var app = builder.Build();
        var fake = new FakeProvider(app);
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = Model, @object = "model" } } }));
        app.MapPost("/v1/chat/completions", fake.CompleteAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Urls.First() + "/v1/");
        return fake;
    }

    /// <summary>Send times (Unix ms) per token index for a tag; NaN where a token was not sent (yet).</summary>
    public double[]? SendTimes(string tag) => _sendTimes.TryGetValue(tag, out var times) ? times : null;

    /// <summary>The system clock in Unix milliseconds with its sub-millisecond part (100 ns ticks).</summary>
    public static double NowUnixMs() => (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds;

    private async Task CompleteAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var messages = body.RootElement.GetProperty("messages");
        var last = messages[messages.GetArrayLength() - 1].GetProperty("content");
        var question = last.ValueKind == JsonValueKind.String ? last.GetString()! : last.ToString();
        var plan = Parse(question);
        var times = new double[plan.Tokens];
        Array.Fill(times, double.NaN);
        _sendTimes[plan.Tag] = times;

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var abort = context.RequestAborted;
        var clock = Stopwatch.StartNew();
        await Task.Delay(plan.TtftMs, abort);
        clock.Restart();
        try
        {
            for (var i = 0; i < plan.Tokens; i++)
            {
                // A schedule, not a delay per token: at 300 tokens/s the timer's granularity would otherwise slow it down.
                var due = i / plan.TokensPerSecond * 1000;
                var wait = due - clock.Elapsed.TotalMilliseconds;
                if (wait >= 1)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait), abort);
                }

                var bytes = Chunk(JsonSerializer.Serialize(new { content = plan.Token(i) }), null);
                times[i] = NowUnixMs();
                await context.Response.Body.WriteAsync(bytes, abort);
                await context.Response.Body.FlushAsync(abort);
            }

            await context.Response.Body.WriteAsync(Chunk("{}", "\"stop\""), abort);
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(
                $"data: {{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"{Model}\",\"choices\":[],\"usage\":{{\"prompt_tokens\":10,\"completion_tokens\":{plan.Tokens},\"total_tokens\":{plan.Tokens + 10}}}}}\n\ndata: [DONE]\n\n"), abort);
            await context.Response.Body.FlushAsync(abort);
        }
        catch (OperationCanceledException)
        {
            // The app stopped reading (a stopped answer or a closed circuit): nothing more to send.
        }
    }

    private static byte[] Chunk(string delta, string? finish) => Encoding.UTF8.GetBytes(
        $"data: {{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"{Model}\",\"choices\":[{{\"index\":0,\"delta\":{delta},\"finish_reason\":{finish ?? "null"}}}]}}\n\n");

    private static AnswerPlan Parse(string question)
    {
        string Get(string key, string fallback)
        {
            var match = Regex.Match(question, key + @"=(\S+)");
            return match.Success ? match.Groups[1].Value : fallback;
        }

        return new AnswerPlan(Get("tag", "x"), int.Parse(Get("tokens", "20"), CultureInfo.InvariantCulture),
            double.Parse(Get("rate", "50"), CultureInfo.InvariantCulture), int.Parse(Get("ttft", "0"), CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
