using System.Text.Json;
using AdminChat.Core.Providers;
using AdminChat.Tests.Fakes;

namespace AdminChat.Tests.Core.Providers;

public sealed class OpenAICompatibleProviderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static OpenAICompatibleProvider CreateProvider(FakeOpenAIServer server, string? apiKey = "sk-test-key",
        IReadOnlyDictionary<string, string>? extraHeaders = null) =>
        new("fake", server.BaseUrl, apiKey, ["fake/model-a", "fake/model-b"], extraHeaders);

    private static ChatRequest Request(string model = "fake/model-a") =>
        new([new ChatTurn(ChatRole.System, "Be brief."), new ChatTurn(ChatRole.User, "Say hello please")], model);

    private static async Task<List<ChatDelta>> CollectAsync(IAsyncEnumerable<ChatDelta> source)
    {
        var deltas = new List<ChatDelta>();
        await foreach (var delta in source)
        {
            deltas.Add(delta);
        }

        return deltas;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }
        }
    }

    [Fact]
    public async Task StreamAsync_FakeStreams_TextDeltasArriveInOrderAndConcatenate()
    {
        string[] tokens = ["Mar", "haba", " يا", " صديقي", "!", " 😀", " done."];
        await using var server = await FakeOpenAIServer.StartAsync(new FakeOpenAIBehavior { Tokens = tokens });
        var provider = CreateProvider(server);

        var deltas = await CollectAsync(provider.StreamAsync(Request())).WaitAsync(Timeout);

        var texts = deltas.Where(d => d.Text.Length > 0).Select(d => d.Text).ToList();
        Assert.Equal(tokens, texts);
        Assert.Equal(string.Concat(tokens), string.Concat(deltas.Select(d => d.Text)));
    }

    [Fact]
    public async Task StreamAsync_ProviderSendsUsage_LastDeltaCarriesTokenUsage()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var provider = CreateProvider(server);

        var deltas = await CollectAsync(provider.StreamAsync(Request())).WaitAsync(Timeout);

        var last = deltas[^1];
        Assert.NotNull(last.Usage);
        Assert.Equal(string.Empty, last.Text);
        // The fake counts one prompt token per word of every message: "Be brief." + "Say hello please".
        Assert.Equal(new TokenUsage(5, server.Behavior.Tokens.Count), last.Usage);
        Assert.Single(deltas, d => d.Usage is not null);

        var body = Assert.Single(server.Requests).Body.RootElement;
        Assert.Equal(JsonValueKind.True, body.GetProperty("stream").ValueKind);
        Assert.Equal(JsonValueKind.True, body.GetProperty("stream_options").GetProperty("include_usage").ValueKind);
    }

    [Fact]
    public async Task StreamAsync_ServerAnswersOneJsonCompletion_YieldsTheWholeAnswerAndUsage()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new FakeOpenAIBehavior { Stream = false });
        var provider = CreateProvider(server);

        var deltas = await CollectAsync(provider.StreamAsync(Request())).WaitAsync(Timeout);

        Assert.Equal("Hello from the fake provider.", string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal(new TokenUsage(5, 5), deltas[^1].Usage);
    }

    [Fact]
    public async Task StreamAsync_RateLimitedWithRetryAfter_ExceptionCarriesTheWait()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new FakeOpenAIBehavior { FailWithStatus = 429, RetryAfter = "7" });
        var provider = CreateProvider(server);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => CollectAsync(provider.StreamAsync(Request())).WaitAsync(Timeout));

        Assert.Equal(ChatErrorKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
    }

    [Fact]
    public async Task StreamAsync_ProviderSendsNoUsage_NoUsageDelta()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new FakeOpenAIBehavior { SendUsage = false });
        var provider = CreateProvider(server);

        var deltas = await CollectAsync(provider.StreamAsync(Request())).WaitAsync(Timeout);

        Assert.DoesNotContain(deltas, d => d.Usage is not null);
        Assert.Equal(string.Concat(server.Behavior.Tokens), string.Concat(deltas.Select(d => d.Text)));
    }

    [Fact]
    public async Task StreamAsync_ApiKeyAndExtraHeaders_SentWithRequest()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var headers = new Dictionary<string, string>
        {
            ["HTTP-Referer"] = "https://adminchat.example",
            ["X-Title"] = "AdminChat",
        };
        var provider = CreateProvider(server, "sk-or-v1-secret", headers);

        await CollectAsync(provider.StreamAsync(Request())).WaitAsync(Timeout);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-or-v1-secret", request.Authorization);
        Assert.Equal("https://adminchat.example", request.Headers["HTTP-Referer"]);
        Assert.Equal("AdminChat", request.Headers["X-Title"]);
    }

    [Fact]
    public async Task StreamAsync_ModelAndMessages_SentInBody()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var provider = CreateProvider(server);

        await CollectAsync(provider.StreamAsync(Request("fake/model-b") with { MaxOutputTokens = 42 })).WaitAsync(Timeout);

        var body = Assert.Single(server.Requests).Body.RootElement;
        Assert.Equal("fake/model-b", body.GetProperty("model").GetString());
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Contains("Say hello please", messages[1].GetProperty("content").GetRawText(), StringComparison.Ordinal);
        var maxTokens = body.TryGetProperty("max_completion_tokens", out var mct) ? mct : body.GetProperty("max_tokens");
        Assert.Equal(42, maxTokens.GetInt32());
    }

    [Fact]
    public async Task StreamAsync_CancelledMidStream_ThrowsOperationCanceledAndServerSeesClientLeave()
    {
        // 1,000 words at 20 ms would take 20 s: far longer than the timeout, so only a real cancel passes.
        await using var server = await FakeOpenAIServer.StartAsync(FakeOpenAIBehavior.LongAnswer(1_000, TimeSpan.FromMilliseconds(20)));
        var provider = CreateProvider(server);
        using var cts = new CancellationTokenSource();
        var received = 0;

        var enumerate = async () =>
        {
            await foreach (var delta in provider.StreamAsync(Request(), cts.Token))
            {
                if (delta.Text.Length > 0 && ++received == 2)
                {
                    await cts.CancelAsync();
                }
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => enumerate().WaitAsync(Timeout));
        Assert.InRange(received, 2, 999);
        await WaitUntilAsync(() => server.CancelledStreams == 1, "the fake server sees the client go away");
        await WaitUntilAsync(() => server.ActiveStreams == 0, "the fake server stops writing");
    }

    [Theory]
    [InlineData(401, ChatErrorKind.Unauthorized)]
    [InlineData(402, ChatErrorKind.PaymentRequired)]
    [InlineData(429, ChatErrorKind.RateLimited)]
    [InlineData(404, ChatErrorKind.ModelNotFound)]
    [InlineData(500, ChatErrorKind.ProviderError)]
    public async Task StreamAsync_HttpErrorStatus_ThrowsChatProviderExceptionOfKind(int status, ChatErrorKind kind)
    {
        await using var server = await FakeOpenAIServer.StartAsync(new FakeOpenAIBehavior { FailWithStatus = status });
        var provider = CreateProvider(server, "sk-very-secret-key-123");

        var ex = await Assert.ThrowsAsync<ChatProviderException>(() => CollectAsync(provider.StreamAsync(Request())).WaitAsync(Timeout));

        Assert.Equal(kind, ex.Kind);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-very-secret-key-123", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests); // no hidden retries
    }

    [Fact]
    public async Task StreamAsync_ConnectionDroppedMidStream_YieldsTextThenThrowsNetworkUnreachable()
    {
        string[] tokens = ["one", " two", " three", " four", " five"];
        await using var server = await FakeOpenAIServer.StartAsync(new FakeOpenAIBehavior
        {
            Tokens = tokens,
            TokenInterval = TimeSpan.FromMilliseconds(250),
            DropConnectionAfterTokens = 2,
        });
        var provider = CreateProvider(server);
        var received = new List<string>();

        var ex = await Assert.ThrowsAsync<ChatProviderException>(async () =>
        {
            await foreach (var delta in provider.StreamAsync(Request()))
            {
                received.Add(delta.Text);
            }
        }).WaitAsync(Timeout);

        Assert.Equal(ChatErrorKind.NetworkUnreachable, ex.Kind);
        Assert.Equal("one two", string.Concat(received));
    }

    [Fact]
    public async Task StreamAsync_NothingListening_ThrowsNetworkUnreachable()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var provider = new OpenAICompatibleProvider("fake", new Uri($"http://127.0.0.1:{port}/v1"), "key", ["m"]);

        var ex = await Assert.ThrowsAsync<ChatProviderException>(
            () => CollectAsync(provider.StreamAsync(new ChatRequest([new ChatTurn(ChatRole.User, "hi")], "m"))).WaitAsync(Timeout));

        Assert.Equal(ChatErrorKind.NetworkUnreachable, ex.Kind);
    }

    [Fact]
    public void StreamAsync_NullRequest_ThrowsBeforeEnumeration()
    {
        var provider = new OpenAICompatibleProvider("fake", new Uri("http://127.0.0.1:9/v1"), "key", ["m"]);

        Assert.Throws<ArgumentNullException>(() => provider.StreamAsync(null!));
    }

    [Fact]
    public void StreamAsync_NoTurns_ThrowsBeforeEnumeration()
    {
        var provider = new OpenAICompatibleProvider("fake", new Uri("http://127.0.0.1:9/v1"), "key", ["m"]);

        Assert.Throws<ArgumentException>(() => provider.StreamAsync(new ChatRequest([], "m")));
    }

    [Fact]
    public void StreamAsync_EmptyModel_ThrowsBeforeEnumeration()
    {
        var provider = new OpenAICompatibleProvider("fake", new Uri("http://127.0.0.1:9/v1"), "key", ["m"]);

        Assert.Throws<ArgumentException>(() => provider.StreamAsync(new ChatRequest([new ChatTurn(ChatRole.User, "hi")], " ")));
    }
}
