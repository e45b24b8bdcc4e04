using AdminChat.Core.Hybrid;
using AdminChat.Core.Modes;
using AdminChat.Core.Providers;
using AdminChat.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminChat.Tests.Core.Hybrid;

public sealed class WarmStarterTests : IAsyncLifetime
{
    private const string Draft = "confidential draft about the payroll export";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new();
    private readonly HybridOptions _options = new() { WarmStartIntervalSeconds = 20 };
    private FakeOpenAIServer _server = default!;
    private FakeOpenAIServer _other = default!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartAsync();
        _other = await FakeOpenAIServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _other.DisposeAsync();
    }

    private (WarmStarter Starter, OpenAICompatibleProvider Main, OpenAICompatibleProvider Other) Create(bool hybridOn,
        IWarmStartTarget? target = null)
    {
        var main = new OpenAICompatibleProvider("main", _server.BaseUrl, "sk-test-0123456789abcdef", ["m"]);
        var other = new OpenAICompatibleProvider("other", _other.BaseUrl, "sk-test-0123456789abcdef", ["o"]);
        var set = new ChatProviderSet([
            new ConfiguredProvider(main, new LlmProviderOptions { Name = "main" }),
            new ConfiguredProvider(other, new LlmProviderOptions { Name = "other" })]);
        var mode = new OperatingMode(hybridOn ? AdminChatMode.Production : AdminChatMode.Standard, false, false, hybridOn);
        var options = new FixedOptionsMonitor<HybridOptions>(_options);
        var hybrid = new HybridStreaming(mode, new ResponseCache(options, _time), options);
        var starter = new WarmStarter(hybrid, target ?? new SelectedModelWarmStartTarget(new ChatModelCatalog([main, other])), set,
            _time, NullLogger<WarmStarter>.Instance);
        return (starter, main, other);
    }

    private static async Task AskAsync(OpenAICompatibleProvider provider, string model)
    {
        await foreach (var _ in provider.StreamAsync(new ChatRequest([new ChatTurn(ChatRole.User, "hi")], model)).WithCancellation(CancellationToken.None))
        {
        }
    }

    [Fact]
    public async Task WarmAsync_HybridOn_ConnectionOpenedBeforeSendAndReusedBySend()
    {
        var (starter, main, _) = Create(hybridOn: true);

        Assert.True(await starter.WarmAsync(Draft, "m").WaitAsync(Timeout));
        var warm = Assert.Single(_server.ModelListRequests);
        Assert.Equal("HEAD", warm.Method);
        Assert.Equal(1, _server.Connections);
        Assert.Empty(_server.Requests); // nothing was asked of the model yet

        await AskAsync(main, "m").WaitAsync(Timeout);

        var chat = Assert.Single(_server.Requests);
        Assert.Equal(warm.ConnectionId, chat.ConnectionId); // sending paid no connection set-up
        Assert.Equal(1, _server.Connections);
    }

    [Fact]
    public async Task WarmAsync_AnyDraft_DraftNeverLeavesTheServer()
    {
        var (starter, _, _) = Create(hybridOn: true);

        await starter.WarmAsync(Draft, "m").WaitAsync(Timeout);

        var warm = Assert.Single(_server.ModelListRequests);
        Assert.DoesNotContain(warm.Headers.Values, v => v.Contains("payroll", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("/v1/models", warm.Path);
    }

    [Fact]
    public async Task WarmAsync_HybridOff_NothingSent()
    {
        var (starter, _, _) = Create(hybridOn: false);

        Assert.False(await starter.WarmAsync(Draft, "m").WaitAsync(Timeout));
        Assert.Empty(_server.ModelListRequests);
    }

    [Fact]
    public async Task WarmAsync_AgainWithinInterval_WarmsOnceThenAgainAfter()
    {
        var (starter, _, _) = Create(hybridOn: true);

        Assert.True(await starter.WarmAsync(Draft, "m").WaitAsync(Timeout));
        Assert.False(await starter.WarmAsync(Draft + " more", "m").WaitAsync(Timeout));
        _time.Advance(TimeSpan.FromSeconds(21));
        Assert.True(await starter.WarmAsync(Draft, "m").WaitAsync(Timeout));

        Assert.Equal(2, _server.ModelListRequests.Count);
    }

    [Fact]
    public async Task WarmAsync_SelectedModelOfOtherProvider_WarmsThatProvider()
    {
        var (starter, _, _) = Create(hybridOn: true);

        await starter.WarmAsync(Draft, "o").WaitAsync(Timeout);

        Assert.Empty(_server.ModelListRequests);
        Assert.Single(_other.ModelListRequests);
    }

    [Fact]
    public async Task WarmAsync_RoutingTargetPlugged_ItsChoiceIsWarmed()
    {
        var (starter, _, _) = Create(hybridOn: true, new FixedTarget("other"));

        await starter.WarmAsync(Draft, "m").WaitAsync(Timeout);

        Assert.Single(_other.ModelListRequests);
        Assert.Empty(_server.ModelListRequests);
    }

    private sealed class FixedTarget(string provider) : IWarmStartTarget
    {
        public string? ProviderFor(string draft, string? selectedModel) => provider;
    }
}
