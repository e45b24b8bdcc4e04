using AdminChat.Tests.Core.Streaming;
using System.Runtime.CompilerServices;
using AdminChat.Core.Hybrid;
using AdminChat.Core.Modes;
using AdminChat.Core.Providers;
using AdminChat.Core.Resilience;
using AdminChat.Core.Streaming;
using AdminChat.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdminChat.Tests.Core.Hybrid;

public sealed class ResponseCacheTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new();
    private readonly HybridOptions _options = new();

    private (AdminChatStreamingService Service, CountingProvider Provider, ResponseCache Cache) Create(bool hybridOn,
        CountingProvider? provider = null)
    {
        provider ??= new CountingProvider();
        var cache = new ResponseCache(new FixedOptionsMonitor<HybridOptions>(_options), _time);
        var mode = new OperatingMode(hybridOn ? AdminChatMode.Production : AdminChatMode.Standard, false, false, hybridOn);
        var service = new AdminChatStreamingService(new ChatModelCatalog([provider]),
            new ResilientChatClient(new ChatProviderSet([new ConfiguredProvider(provider, new LlmProviderOptions { Name = provider.Name })]),
                Options.Create(new ResilienceOptions { MaxRetries = 0, Fallback = false }), _time,
                NullLogger<ResilientChatClient>.Instance),
            new FixedOptionsMonitor<StreamingOptions>(new StreamingOptions()), [], _time,
            NullLogger<AdminChatStreamingService>.Instance, null,
            hybrid: new HybridStreaming(mode, cache, new FixedOptionsMonitor<HybridOptions>(_options)));
        return (service, provider, cache);
    }

    private static async Task<(string Text, StreamRecord Record)> AskAsync(AdminChatStreamingService service, string question,
        string user = "user-1", bool bypass = false, IReadOnlyList<ChatTurn>? history = null)
    {
        var turns = new List<ChatTurn>(history ?? []) { new(ChatRole.User, question) };
        var (text, _, record) = await service.StreamAsync(turns, "m", new StreamContext(Guid.NewGuid().ToString("N"), user, BypassCache: bypass)).CollectAsync();
        return (text, record);
    }

    [Fact]
    public async Task StreamAsync_SameQuestionNormalised_ServedFromCacheMarkedWithAge()
    {
        var (service, provider, _) = Create(hybridOn: true);
        var first = await AskAsync(service, "What is  the load?").WaitAsync(Timeout);
        _time.Advance(TimeSpan.FromSeconds(42));

        var second = await AskAsync(service, "  what IS the\tload? ").WaitAsync(Timeout);

        Assert.Equal(1, provider.Calls);
        Assert.False(first.Record.Cached);
        Assert.Equal(first.Text, second.Text);
        Assert.True(second.Record.Cached);
        Assert.Equal(ResponseCache.ProviderName, second.Record.Provider);
        Assert.Equal("p", second.Record.CachedFromProvider);
        Assert.Equal(TimeSpan.FromSeconds(42), second.Record.CachedAge);
        Assert.Equal(StreamOutcome.Complete, second.Record.Outcome);
        Assert.True(second.Record.Chunks > 1); // streamed through the same word chunking, not dumped at once
    }

    [Fact]
    public async Task StreamAsync_HybridOff_NeverServedFromCache()
    {
        var (service, provider, cache) = Create(hybridOn: false);
        await AskAsync(service, "What is the load?").WaitAsync(Timeout);
        var second = await AskAsync(service, "What is the load?").WaitAsync(Timeout);

        Assert.Equal(2, provider.Calls);
        Assert.False(second.Record.Cached);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task StreamAsync_BypassRequested_AsksTheModelAndRefreshesTheEntry()
    {
        var (service, provider, _) = Create(hybridOn: true);
        await AskAsync(service, "q").WaitAsync(Timeout);
        _time.Advance(TimeSpan.FromSeconds(30));
        var fresh = await AskAsync(service, "q", bypass: true).WaitAsync(Timeout);
        var cached = await AskAsync(service, "q").WaitAsync(Timeout);

        Assert.Equal(2, provider.Calls);
        Assert.False(fresh.Record.Cached);
        Assert.True(cached.Record.Cached);
        Assert.Equal(TimeSpan.Zero, cached.Record.CachedAge); // the refreshed answer, not the first one
    }

    [Fact]
    public async Task StreamAsync_OtherUser_NotSharedUnlessConfigured()
    {
        var (service, provider, _) = Create(hybridOn: true);
        await AskAsync(service, "q", user: "a").WaitAsync(Timeout);
        var other = await AskAsync(service, "q", user: "b").WaitAsync(Timeout);
        Assert.False(other.Record.Cached);
        Assert.Equal(2, provider.Calls);

        _options.CacheSharedAcrossUsers = true;
        await AskAsync(service, "q", user: "a").WaitAsync(Timeout);
        var shared = await AskAsync(service, "q", user: "c").WaitAsync(Timeout);
        Assert.True(shared.Record.Cached);
    }

    [Fact]
    public async Task StreamAsync_DifferentConversationBefore_NotServedFromCache()
    {
        var (service, provider, _) = Create(hybridOn: true);
        await AskAsync(service, "and now?", history: [new(ChatRole.User, "one"), new(ChatRole.Assistant, "two")]).WaitAsync(Timeout);
        var other = await AskAsync(service, "and now?", history: [new(ChatRole.User, "three"), new(ChatRole.Assistant, "two")]).WaitAsync(Timeout);
        var same = await AskAsync(service, "and now?", history: [new(ChatRole.User, " one "), new(ChatRole.Assistant, "two")]).WaitAsync(Timeout);

        Assert.False(other.Record.Cached);
        Assert.True(same.Record.Cached);
        Assert.Equal(2, provider.Calls);
    }

    [Fact]
    public async Task StreamAsync_ProviderFailed_AnswerNotCached()
    {
        var provider = new CountingProvider { FailAfterText = true };
        var (service, _, cache) = Create(hybridOn: true, provider);
        var failed = await AskAsync(service, "q").WaitAsync(Timeout);

        Assert.Equal(StreamOutcome.Partial, failed.Record.Outcome);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task StreamAsync_OlderThanTtl_AsksTheModelAgain()
    {
        _options.CacheTtlSeconds = 60;
        var (service, provider, _) = Create(hybridOn: true);
        await AskAsync(service, "q").WaitAsync(Timeout);
        _time.Advance(TimeSpan.FromSeconds(61));
        var late = await AskAsync(service, "q").WaitAsync(Timeout);

        Assert.False(late.Record.Cached);
        Assert.Equal(2, provider.Calls);
    }

    [Fact]
    public void Store_MoreThanMaxEntries_LeastRecentlyUsedEvicted()
    {
        _options.CacheMaxEntries = 2;
        var cache = new ResponseCache(new FixedOptionsMonitor<HybridOptions>(_options), _time);
        var answer = new CachedAnswer("x", _time.GetUtcNow(), "p", "m", false, null);
        cache.Store("a", answer);
        cache.Store("b", answer);
        Assert.True(cache.TryGet("a", out _, out _)); // a is now the most recently used
        cache.Store("c", answer);

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet("a", out _, out _));
        Assert.False(cache.TryGet("b", out _, out _));
        Assert.True(cache.TryGet("c", out _, out _));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StreamAsync_FastModel_AdaptiveChunksOnlyWhenHybridOn(bool hybridOn)
    {
        var (service, _, _) = Create(hybridOn, new CountingProvider { BurstWords = 600 });

        var answer = await AskAsync(service, "long please", bypass: true).WaitAsync(Timeout);

        Assert.Equal(600, answer.Record.Words);
        if (hybridOn)
        {
            Assert.True(answer.Record.Chunks < 100, $"{answer.Record.Chunks} chunks");
        }
        else
        {
            Assert.Equal(200, answer.Record.Chunks); // the configured 3 words a chunk
        }
    }

    [Theory]
    [InlineData("  Hello   World ", "hello world")]
    [InlineData("A\t\nB", "a b")]
    public void NormaliseQuestion_WhiteSpaceAndCase_Folded(string input, string expected) =>
        Assert.Equal(expected, ResponseCache.NormaliseQuestion(input));

    private sealed class CountingProvider : IChatModelProvider
    {
        private int _calls;

        public bool FailAfterText { get; init; }

        /// <summary>When set, the answer is this many words sent as fast as possible.</summary>
        public int BurstWords { get; init; }

        public int Calls => Volatile.Read(ref _calls);

        public string Name => "p";

        public bool IsSimulated => false;

        public IReadOnlyList<string> Models => ["m"];

        public IAsyncEnumerable<ChatDelta> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default)
        {
            var call = Interlocked.Increment(ref _calls);
            return RunAsync(call, cancellationToken);
        }

        private async IAsyncEnumerable<ChatDelta> RunAsync(int call, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            for (var i = 0; i < BurstWords; i++)
            {
                yield return new ChatDelta($"w{i} ");
            }

            if (BurstWords > 0)
            {
                yield break;
            }

            yield return new ChatDelta($"Answer number {call} has quite a few words in it ");
            yield return new ChatDelta("so that it spans several chunks.");
            if (FailAfterText)
            {
                throw new ChatProviderException(ChatErrorKind.NetworkUnreachable, "dropped");
            }
        }
    }
}
