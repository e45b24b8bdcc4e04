using System.Runtime.CompilerServices;
using AdminChat.Core.Providers;
using AdminChat.Core.Resilience;
using AdminChat.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace AdminChat.Tests.Core.Resilience;

/// <summary>The breaker on its own, with time driven by hand: opens on the failure ratio, probes half-open, closes.</summary>
public sealed class CircuitBreakerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly ChatRequest Request = new([new ChatTurn(ChatRole.User, "hi")], "m");

    private readonly ManualTimeProvider _time = new();
    private readonly SwitchableProvider _provider = new();

    private ResilientChatClient CreateClient() => new(
        new ChatProviderSet([new ConfiguredProvider(_provider, new LlmProviderOptions { Name = _provider.Name })]),
        Options.Create(new ResilienceOptions
        {
            MaxRetries = 0,
            Fallback = false,
            BreakerFailureRatio = 0.5,
            BreakerMinimumThroughput = 2,
            BreakerSamplingSeconds = 60,
            BreakerBreakSeconds = 30,
        }),
        _time, NullLogger<ResilientChatClient>.Instance);

    private static async Task<(string Text, Exception? Failure)> AskAsync(ResilientChatClient client)
    {
        var text = string.Empty;
        try
        {
            await foreach (var delta in client.StreamAsync(Request, "switchable", _ => { }))
            {
                text += delta.Text;
            }

            return (text, null);
        }
        catch (ChatProviderException ex)
        {
            return (text, ex);
        }
    }

    [Fact]
    public async Task StreamAsync_FailureRatioReached_OpensThenProbesHalfOpenAndCloses()
    {
        var client = CreateClient();
        _provider.Failing = true;

        await AskAsync(client).WaitAsync(Timeout);
        await AskAsync(client).WaitAsync(Timeout);
        var (_, skipped) = await AskAsync(client).WaitAsync(Timeout);

        Assert.Equal(2, _provider.Calls);
        var paused = Assert.IsType<ChatProviderException>(skipped);
        Assert.Equal(ChatErrorKind.ProviderError, paused.Kind);
        Assert.NotNull(paused.RetryAfter);
        Assert.Equal(ProviderStatus.Open, Assert.Single(client.Health()).Status);

        _provider.Failing = false;
        _time.Advance(TimeSpan.FromSeconds(31));
        var (text, failure) = await AskAsync(client).WaitAsync(Timeout);

        Assert.Null(failure);
        Assert.Equal("fine", text);
        Assert.Equal(3, _provider.Calls); // the one probe
        var health = Assert.Single(client.Health());
        Assert.Equal(CircuitState.Closed, health.Circuit);
        Assert.Equal(ProviderStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task StreamAsync_ProbeFails_CircuitOpensAgain()
    {
        var client = CreateClient();
        _provider.Failing = true;
        await AskAsync(client).WaitAsync(Timeout);
        await AskAsync(client).WaitAsync(Timeout);

        _time.Advance(TimeSpan.FromSeconds(31));
        await AskAsync(client).WaitAsync(Timeout);
        await AskAsync(client).WaitAsync(Timeout);

        Assert.Equal(3, _provider.Calls);
        Assert.Equal(ProviderStatus.Open, Assert.Single(client.Health()).Status);
    }

    [Fact]
    public async Task StreamAsync_ContentFiltered_DoesNotCountAgainstTheProvider()
    {
        var client = CreateClient();
        _provider.FailWith = ChatErrorKind.ContentFiltered;
        _provider.Failing = true;

        for (var i = 0; i < 4; i++)
        {
            await AskAsync(client).WaitAsync(Timeout);
        }

        Assert.Equal(4, _provider.Calls);
        Assert.Equal(CircuitState.Closed, Assert.Single(client.Health()).Circuit);
    }

    private sealed class SwitchableProvider : IChatModelProvider
    {
        private int _calls;

        public bool Failing { get; set; }

        public ChatErrorKind FailWith { get; set; } = ChatErrorKind.ProviderError;

        public int Calls => Volatile.Read(ref _calls);

        public string Name => "switchable";

        public bool IsSimulated => false;

        public IReadOnlyList<string> Models => ["m"];

        public IAsyncEnumerable<ChatDelta> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return RunAsync(Failing, FailWith, cancellationToken);
        }

        private static async IAsyncEnumerable<ChatDelta> RunAsync(bool failing, ChatErrorKind kind,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            if (failing)
            {
                throw new ChatProviderException(kind, "scripted failure");
            }

            yield return new ChatDelta("fine");
        }
    }
}
