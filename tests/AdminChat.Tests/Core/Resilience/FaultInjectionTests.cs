using AdminChat.Tests.Core.Streaming;
using AdminChat.Core.Conversations;
using AdminChat.Core.Providers;
using AdminChat.Core.Resilience;
using AdminChat.Core.Streaming;
using AdminChat.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdminChat.Tests.Core.Resilience;

/// <summary>
/// Faults injected through the fake OpenAI-compatible server, over real HTTP and the real SDK, through the same
/// streaming service the page uses: what comes out (the text), what the record says (kind, provider, fallback)
/// and how many calls the providers saw.
/// </summary>
public sealed class FaultInjectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly IReadOnlyList<ChatTurn> Turns = [new ChatTurn(ChatRole.User, "How are things?")];

    private readonly RecentStreamRecords _records = new();
    private FakeOpenAIServer _primary = default!;
    private FakeOpenAIServer _secondary = default!;

    public async Task InitializeAsync()
    {
        _primary = await FakeOpenAIServer.StartAsync();
        _secondary = await FakeOpenAIServer.StartAsync(new FakeOpenAIBehavior { Tokens = ["Answer", " from", " the", " backup."] });
    }

    public async Task DisposeAsync()
    {
        await _primary.DisposeAsync();
        await _secondary.DisposeAsync();
    }

    private static ResilienceOptions Fast(Action<ResilienceOptions> change)
    {
        var options = FastOptions();
        change(options);
        return options;
    }

    private static ResilienceOptions FastOptions() => new()
    {
        MaxRetries = 2,
        RetryBaseDelayMs = 10,
        FirstTokenTimeoutSeconds = 2,
        IdleTimeoutSeconds = 1,
        TotalTimeoutSeconds = 30,
        BreakerMinimumThroughput = 100,
    };

    private (AdminChatStreamingService Service, ResilientChatClient Client) Create(ResilienceOptions? options = null,
        bool withBackup = false)
    {
        var providers = new List<ConfiguredProvider>
        {
            new(new OpenAICompatibleProvider("primary", _primary.BaseUrl, "sk-primary-0123456789", ["fake/model-a"]),
                new LlmProviderOptions { Name = "primary" }),
        };
        if (withBackup)
        {
            providers.Add(new(new OpenAICompatibleProvider("backup", _secondary.BaseUrl, "sk-backup-0123456789", ["fake/backup"]),
                new LlmProviderOptions { Name = "backup" }));
        }

        var set = new ChatProviderSet(providers);
        var client = new ResilientChatClient(set, Options.Create(options ?? FastOptions()), TimeProvider.System,
            NullLogger<ResilientChatClient>.Instance);
        var service = new AdminChatStreamingService(new ChatModelCatalog(set.PickerProviders), client,
            new FixedOptionsMonitor<StreamingOptions>(new StreamingOptions()), [_records], TimeProvider.System,
            NullLogger<AdminChatStreamingService>.Instance);
        return (service, client);
    }

    private static async Task<(string Text, int Chunks, StreamRecord Record)> AskAsync(AdminChatStreamingService service,
        IReadOnlyList<ChatTurn>? turns = null)
    {
        return await service.StreamAsync(turns ?? Turns, null).CollectAsync();
    }

    [Fact]
    public async Task StreamAsync_ServerErrorThenSuccess_RetriesAndCompletes()
    {
        _primary.Enqueue(new FakeOpenAIBehavior { FailWithStatus = 500 });
        var (service, client) = Create();

        var (text, _, record) = await AskAsync(service).WaitAsync(Timeout);

        Assert.Equal("Hello from the fake provider.", text);
        Assert.Equal(StreamOutcome.Complete, record.Outcome);
        Assert.Equal(2, record.Attempts);
        Assert.False(record.FellBack);
        Assert.Equal("primary", record.Provider);
        Assert.Equal(2, _primary.Requests.Count);
        var health = Assert.Single(client.Health());
        Assert.Equal(1, health.Failures);
        Assert.Equal(ChatErrorKind.ProviderError, health.LastErrorKind);
        Assert.Equal(ProviderStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task StreamAsync_RateLimitedWithShortRetryAfter_WaitsAndRetries()
    {
        _primary.Enqueue(new FakeOpenAIBehavior { FailWithStatus = 429, RetryAfter = "1" });
        var (service, _) = Create();

        var (text, _, record) = await AskAsync(service).WaitAsync(Timeout);

        Assert.Equal("Hello from the fake provider.", text);
        Assert.Equal(2, record.Attempts);
        Assert.Equal(2, _primary.Requests.Count);
    }

    [Fact]
    public async Task StreamAsync_RateLimitedWithLongRetryAfter_ErrorCarriesTheWaitWithoutRetrying()
    {
        _primary.Behavior = new FakeOpenAIBehavior { FailWithStatus = 429, RetryAfter = "120" };
        var (service, _) = Create();

        var (text, _, record) = await AskAsync(service).WaitAsync(Timeout);

        Assert.Equal(string.Empty, text);
        Assert.Equal(StreamOutcome.Error, record.Outcome);
        Assert.Equal(ChatErrorKind.RateLimited, record.ErrorKind);
        Assert.Equal(TimeSpan.FromSeconds(120), record.RetryAfter);
        Assert.Single(_primary.Requests);
        Assert.Contains(_records.Snapshot(), r => r.ErrorKind == ChatErrorKind.RateLimited);
    }

    [Fact]
    public async Task StreamAsync_NoFirstToken_FallsBackToNextProvider()
    {
        _primary.Behavior = new FakeOpenAIBehavior { TimeToFirstToken = TimeSpan.FromSeconds(60) };
        var (service, client) = Create(Fast(o => { o.MaxRetries = 0; o.FirstTokenTimeoutSeconds = 1; }), withBackup: true);

        var (text, _, record) = await AskAsync(service).WaitAsync(Timeout);

        Assert.Equal("Answer from the backup.", text);
        Assert.Equal(StreamOutcome.Complete, record.Outcome);
        Assert.True(record.FellBack);
        Assert.Equal("backup", record.Provider);
        Assert.Equal("primary", record.RequestedProvider);
        Assert.Equal("fake/backup", record.Model);
        Assert.Equal("fake/backup", Assert.Single(_secondary.Requests).Body.RootElement.GetProperty("model").GetString());
        Assert.Equal(ChatErrorKind.Timeout, client.Health()[0].LastErrorKind);
    }

    [Fact]
    public async Task StreamAsync_NoFirstTokenAndNoFallback_ErrorTimeout()
    {
        _primary.Behavior = new FakeOpenAIBehavior { TimeToFirstToken = TimeSpan.FromSeconds(60) };
        var (service, _) = Create(Fast(o => { o.MaxRetries = 0; o.FirstTokenTimeoutSeconds = 1; }));

        var (text, _, record) = await AskAsync(service).WaitAsync(Timeout);

        Assert.Equal(string.Empty, text);
        Assert.Equal(StreamOutcome.Error, record.Outcome);
        Assert.Equal(ChatErrorKind.Timeout, record.ErrorKind);
    }

    [Fact]
    public async Task StreamAsync_SilenceMidStream_KeepsTextAsPartialWithoutRetryOrFallback()
    {
        _primary.Behavior = FakeOpenAIBehavior.LongAnswer(10, TimeSpan.Zero) with { SilenceAfterTokens = 4 };
        var (service, _) = Create(withBackup: true);

        var (text, _, record) = await AskAsync(service).WaitAsync(Timeout);

        Assert.Equal(" word0 word1 word2 word3", text);
        Assert.Equal(StreamOutcome.Partial, record.Outcome);
        Assert.Equal(ChatErrorKind.Timeout, record.ErrorKind);
        Assert.False(record.FellBack);
        Assert.Single(_primary.Requests);
        Assert.Empty(_secondary.Requests);
    }

    [Fact]
    public async Task StreamAsync_ContinueAfterSilence_AsksForTheRestWithThePartialAnswer()
    {
        _primary.Behavior = FakeOpenAIBehavior.LongAnswer(10, TimeSpan.Zero) with { SilenceAfterTokens = 4 };
        var (service, _) = Create();
        var (partial, _, _) = await AskAsync(service).WaitAsync(Timeout);
        _primary.Behavior = new FakeOpenAIBehavior { Tokens = [" word4", " word5"] };

        var (rest, _, record) = await AskAsync(service,
            [.. Turns, new ChatTurn(ChatRole.Assistant, partial), new ChatTurn(ChatRole.User, ContinuationPrompt.Text)])
            .WaitAsync(Timeout);

        Assert.Equal(StreamOutcome.Complete, record.Outcome);
        Assert.Equal(" word0 word1 word2 word3 word4 word5", partial + rest);
        var messages = _primary.Requests[^1].Body.RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Contains(partial.Trim(), messages[^2].GetProperty("content").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamAsync_ConnectionResetMidStream_PartialNetworkUnreachable()
    {
        _primary.Behavior = FakeOpenAIBehavior.LongAnswer(10, TimeSpan.FromMilliseconds(50)) with { DropConnectionAfterTokens = 3 };
        var (service, _) = Create(withBackup: true);

        var (text, _, record) = await AskAsync(service).WaitAsync(Timeout);

        Assert.Equal(" word0 word1 word2", text);
        Assert.Equal(StreamOutcome.Partial, record.Outcome);
        Assert.Equal(ChatErrorKind.NetworkUnreachable, record.ErrorKind);
        Assert.Single(_primary.Requests);
        Assert.Empty(_secondary.Requests);
    }

    [Fact]
    public async Task StreamAsync_MalformedDataLine_PartialProviderErrorTextKept()
    {
        _primary.Behavior = FakeOpenAIBehavior.LongAnswer(10, TimeSpan.Zero) with { MalformedLineAfterTokens = 5 };
        var (service, _) = Create();

        var (text, _, record) = await AskAsync(service).WaitAsync(Timeout);

        Assert.Equal(" word0 word1 word2 word3 word4", text);
        Assert.Equal(StreamOutcome.Partial, record.Outcome);
        Assert.Equal(ChatErrorKind.ProviderError, record.ErrorKind);
        Assert.Single(_primary.Requests);
    }

    [Fact]
    public async Task StreamAsync_Unauthorized_NotRetriedErrorUnauthorized()
    {
        _primary.Behavior = new FakeOpenAIBehavior { FailWithStatus = 401 };
        var (service, _) = Create();

        var (text, _, record) = await AskAsync(service).WaitAsync(Timeout);

        Assert.Equal(string.Empty, text);
        Assert.Equal(StreamOutcome.Error, record.Outcome);
        Assert.Equal(ChatErrorKind.Unauthorized, record.ErrorKind);
        Assert.Single(_primary.Requests);
    }

    [Fact]
    public async Task StreamAsync_UnauthorizedWithBackup_FallsBack()
    {
        _primary.Behavior = new FakeOpenAIBehavior { FailWithStatus = 401 };
        var (service, _) = Create(withBackup: true);

        var (text, _, record) = await AskAsync(service).WaitAsync(Timeout);

        Assert.Equal("Answer from the backup.", text);
        Assert.True(record.FellBack);
        Assert.Equal(2, record.Attempts);
    }

    [Fact]
    public async Task StreamAsync_ProviderDoesNotStream_ShownThroughTheSameChunking()
    {
        _primary.Behavior = FakeOpenAIBehavior.LongAnswer(12, TimeSpan.Zero) with { Stream = false };
        var (service, _) = Create();

        var (text, chunks, record) = await AskAsync(service).WaitAsync(Timeout);

        Assert.Equal(string.Concat(_primary.Behavior.Tokens), text);
        Assert.Null(record.ErrorKind);
        Assert.Equal(StreamOutcome.Complete, record.Outcome);
        Assert.Equal(4, chunks); // 12 words, 3 a chunk, like a streamed answer
        Assert.Equal(12, record.Usage?.OutputTokens);
    }

    [Fact]
    public async Task StreamAsync_RepeatedFailures_CircuitOpensAndSkipsTheProvider()
    {
        _primary.Behavior = new FakeOpenAIBehavior { FailWithStatus = 503 };
        var options = Fast(o => { o.MaxRetries = 0; o.BreakerMinimumThroughput = 2; o.BreakerFailureRatio = 0.5; o.BreakerBreakSeconds = 600; });
        var (service, client) = Create(options, withBackup: true);

        await AskAsync(service).WaitAsync(Timeout);
        await AskAsync(service).WaitAsync(Timeout);
        var (text, _, record) = await AskAsync(service).WaitAsync(Timeout);

        Assert.Equal(2, _primary.Requests.Count); // the third answer never asked the open circuit's provider
        Assert.Equal("Answer from the backup.", text);
        Assert.True(record.FellBack);
        Assert.Equal(ProviderStatus.Open, client.Health()[0].Status);
        Assert.Equal(ProviderStatus.Healthy, client.Health()[1].Status);
    }
}
