using System.Runtime.CompilerServices;
using AdminChat.Core.Providers;
using AdminChat.Core.Resilience;
using AdminChat.Core.Streaming;
using AdminChat.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdminChat.Tests.Core.Streaming;

public sealed class AdminChatStreamingServiceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly IReadOnlyList<ChatTurn> Turns = [new ChatTurn(ChatRole.User, "How are things?")];

    private readonly ManualTimeProvider _time = new();
    private readonly RecentStreamRecords _recent = new();
    private readonly CountingSink _counting = new();

    // No retries and no fallback: these tests are about one provider's stream; resilience has its own tests.
    private AdminChatStreamingService CreateService(params IChatModelProvider[] providers) =>
        new(new ChatModelCatalog(providers),
            new ResilientChatClient(
                new ChatProviderSet(providers.Select(p => new ConfiguredProvider(p, new LlmProviderOptions { Name = p.Name }))),
                Options.Create(new ResilienceOptions { MaxRetries = 0, Fallback = false }), _time,
                NullLogger<ResilientChatClient>.Instance),
            new FixedOptionsMonitor<StreamingOptions>(new StreamingOptions()),
            [_recent, _counting], _time, NullLogger<AdminChatStreamingService>.Instance);

    private static async Task<List<StreamUpdate>> CollectAsync(IAsyncEnumerable<StreamUpdate> source)
    {
        var updates = new List<StreamUpdate>();
        await foreach (var update in source)
        {
            updates.Add(update);
        }

        return updates;
    }

    private static string TextOf(IEnumerable<StreamUpdate> updates) =>
        string.Concat(updates.Where(u => u.Completed is null).Select(u => u.Chunk.Text));

    [Fact]
    public async Task StreamAsync_WithContext_RecordCarriesItsIdsToEverySink()
    {
        var provider = new ScriptedProvider("test", ["model-a"], new Script([new ChatDelta("hello there")]));
        var service = CreateService(provider);
        var conversation = Guid.NewGuid();

        var updates = await CollectAsync(service.StreamAsync(Turns, "model-a",
            new StreamContext("req-123", "user-7", conversation, "fast", "B"))).WaitAsync(Timeout);

        var record = updates[^1].Completed!;
        Assert.Equal(("req-123", "user-7", conversation, "fast", "B"),
            (record.RequestId, record.UserId, record.ConversationId!.Value, record.Tier, record.Variant));
        Assert.Same(record, Assert.Single(_recent.Snapshot()));
    }

    [Theory]
    [InlineData(1, 6)]
    [InlineData(3, 2)]
    public async Task StreamAsync_ContextOverridesChunking_ChunksFollowTheVariant(int wordsPerChunk, int expectedChunks)
    {
        // The whole answer arrives at once, so chunk sizes depend on the words-per-chunk setting alone.
        var provider = new ScriptedProvider("test", ["model-a"], new Script([new ChatDelta("one two three four five six ")]));
        var service = CreateService(provider);

        var updates = await CollectAsync(service.StreamAsync(Turns, "model-a",
            new StreamContext("req-x", Variant: "x1:A", WordsPerChunk: wordsPerChunk, Temperature: 0.3f, MaxOutputTokens: 77)))
            .WaitAsync(Timeout);

        Assert.Equal(expectedChunks, updates.Count(u => u.Completed is null));
        Assert.Equal("one two three four five six ", TextOf(updates));
        var request = Assert.Single(provider.Requests);
        Assert.Equal((0.3f, 77), (request.Temperature, request.MaxOutputTokens));
    }

    [Fact]
    public async Task StreamAsync_ProviderCompletes_RecordCompleteWithCounts()
    {
        var provider = new ScriptedProvider("test", ["model-a"], new Script(
            [new ChatDelta("alpha beta "), new ChatDelta("gamma delta epsilon"), ChatDelta.ForUsage(new TokenUsage(9, 5))],
            BeforeFirst: () => _time.Advance(TimeSpan.FromSeconds(2))));
        var service = CreateService(provider);

        var updates = await CollectAsync(service.StreamAsync(Turns, "model-a")).WaitAsync(Timeout);

        var record = Assert.Single(updates, u => u.Completed is not null).Completed!;
        Assert.Same(record, updates[^1].Completed);
        var chunks = updates.Where(u => u.Completed is null).Select(u => u.Chunk).ToList();
        Assert.Equal("alpha beta gamma delta epsilon", TextOf(updates));
        Assert.Equal(StreamOutcome.Complete, record.Outcome);
        Assert.Null(record.ErrorKind);
        Assert.Equal(chunks.Count, record.Chunks);
        Assert.Equal(5, record.Words);
        Assert.Equal("alpha beta gamma delta epsilon".Length, record.Characters);
        Assert.Equal(new TokenUsage(9, 5), record.Usage);
        Assert.Equal("test", record.Provider);
        Assert.Equal("model-a", record.Model);
        Assert.False(record.Simulated);
        Assert.Equal(TimeSpan.FromSeconds(2), record.TimeToFirstChunk);
        Assert.Equal(TimeSpan.FromSeconds(2), record.Total);
        Assert.Equal("model-a", Assert.Single(provider.Requests).Model);
    }

    [Fact]
    public async Task StreamAsync_UnknownModel_FallsBackToDefaultModel()
    {
        var first = new ScriptedProvider("first", ["model-a"], new Script([new ChatDelta("from first")]));
        var second = new ScriptedProvider("second", ["model-b"], new Script([new ChatDelta("from second")]));
        var service = CreateService(first, second);

        var chosen = await CollectAsync(service.StreamAsync(Turns, "model-b")).WaitAsync(Timeout);
        var fallback = await CollectAsync(service.StreamAsync(Turns, "no-such-model")).WaitAsync(Timeout);

        Assert.Equal("from second", TextOf(chosen));
        Assert.Equal("from first", TextOf(fallback));
        Assert.Equal("model-a", fallback[^1].Completed!.Model);
    }

    [Fact]
    public async Task StreamAsync_ProviderFailsBeforeText_RecordErrorWithKind()
    {
        var provider = new ScriptedProvider("test", ["model-a"], new Script([],
            Failure: new ChatProviderException(ChatErrorKind.RateLimited, "slow down")));
        var service = CreateService(provider);

        var updates = await CollectAsync(service.StreamAsync(Turns, null)).WaitAsync(Timeout);

        var record = Assert.Single(updates).Completed!;
        Assert.Equal(StreamOutcome.Error, record.Outcome);
        Assert.Equal(ChatErrorKind.RateLimited, record.ErrorKind);
        Assert.Equal(0, record.Chunks);
        Assert.Null(record.TimeToFirstChunk);
    }

    [Fact]
    public async Task StreamAsync_ProviderThrowsUnclassifiedException_RecordErrorUnknown()
    {
        var provider = new ScriptedProvider("test", ["model-a"], new Script([], Failure: new InvalidOperationException("bug")));
        var service = CreateService(provider);

        var updates = await CollectAsync(service.StreamAsync(Turns, null)).WaitAsync(Timeout);

        var record = Assert.Single(updates).Completed!;
        Assert.Equal(StreamOutcome.Error, record.Outcome);
        Assert.Equal(ChatErrorKind.Unknown, record.ErrorKind);
    }

    [Fact]
    public async Task StreamAsync_ProviderFailsAfterText_RecordPartialAndTextYielded()
    {
        var provider = new ScriptedProvider("test", ["model-a"], new Script([new ChatDelta("partial answer that ")],
            Failure: new ChatProviderException(ChatErrorKind.NetworkUnreachable, "dropped")));
        var service = CreateService(provider);

        var updates = await CollectAsync(service.StreamAsync(Turns, null)).WaitAsync(Timeout);

        var record = updates[^1].Completed!;
        Assert.Equal("partial answer that ", TextOf(updates));
        Assert.Equal(StreamOutcome.Partial, record.Outcome);
        Assert.Equal(ChatErrorKind.NetworkUnreachable, record.ErrorKind);
        Assert.Equal("partial answer that ".Length, record.Characters);
    }

    [Fact]
    public async Task StreamAsync_Cancelled_RecordStoppedAndTextKept()
    {
        var provider = new ScriptedProvider("test", ["model-a"], new Script([new ChatDelta("one two three four")],
            BlockAtEnd: true));
        var service = CreateService(provider);
        using var cts = new CancellationTokenSource();
        var updates = new List<StreamUpdate>();

        var run = async () =>
        {
            await foreach (var update in service.StreamAsync(Turns, null, cts.Token))
            {
                updates.Add(update);
                if (updates.Count == 1)
                {
                    // The first three words went out; the provider now waits for ever.
                    await cts.CancelAsync();
                }
            }
        };
        await run().WaitAsync(Timeout);

        var record = updates[^1].Completed!;
        Assert.Equal(StreamOutcome.Stopped, record.Outcome);
        Assert.Null(record.ErrorKind);
        Assert.Equal("one two three four", TextOf(updates));
    }

    [Fact]
    public async Task StreamAsync_SeveralRequests_SinksReceiveOneRecordEach()
    {
        var provider = new ScriptedProvider("test", ["model-a"], new Script([new ChatDelta("fine thanks")]));
        var failing = new ScriptedProvider("failing", ["model-f"], new Script([],
            Failure: new ChatProviderException(ChatErrorKind.ProviderError, "500")));
        var service = CreateService(provider, failing);

        var first = await CollectAsync(service.StreamAsync(Turns, "model-a")).WaitAsync(Timeout);
        var second = await CollectAsync(service.StreamAsync(Turns, "model-f")).WaitAsync(Timeout);

        Assert.Equal(2, _counting.Records.Count);
        Assert.Equal([first[^1].Completed!, second[^1].Completed!], _counting.Records);
        Assert.Equal(_counting.Records, _recent.Snapshot());
        Assert.NotEqual(_counting.Records[0].RequestId, _counting.Records[1].RequestId);
    }

    [Fact]
    public void StreamAsync_NoTurns_ThrowsBeforeEnumeration()
    {
        var service = CreateService(new ScriptedProvider("test", ["model-a"], new Script([])));

        Assert.Throws<ArgumentException>(() => service.StreamAsync([], null));
        Assert.Throws<ArgumentNullException>(() => service.StreamAsync(null!, null));
    }

    /// <summary>What a <see cref="ScriptedProvider"/> does: yield deltas, then fail, or wait until cancelled.</summary>
    private sealed record Script(IReadOnlyList<ChatDelta> Deltas, Exception? Failure = null, Action? BeforeFirst = null,
        bool BlockAtEnd = false)
    {
        public async IAsyncEnumerable<ChatDelta> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            BeforeFirst?.Invoke();
            foreach (var delta in Deltas)
            {
                yield return delta;
            }

            if (Failure is not null)
            {
                throw Failure;
            }

            if (BlockAtEnd)
            {
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, cancellationToken);
            }
        }
    }

    private sealed class ScriptedProvider(string name, IReadOnlyList<string> models,
        Script script) : IChatModelProvider
    {
        private readonly List<ChatRequest> _requests = [];

        public string Name => name;

        public bool IsSimulated => false;

        public IReadOnlyList<string> Models => models;

        public IReadOnlyList<ChatRequest> Requests => _requests;

        public IAsyncEnumerable<ChatDelta> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default)
        {
            _requests.Add(request);
            return script.RunAsync(cancellationToken);
        }
    }

    private sealed class CountingSink : IStreamRecordSink
    {
        public List<StreamRecord> Records { get; } = [];

        public void Record(StreamRecord record) => Records.Add(record);
    }
}
