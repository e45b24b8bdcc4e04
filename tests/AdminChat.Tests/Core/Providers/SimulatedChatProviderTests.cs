using AdminChat.Core.Providers;
using AdminChat.Tests.Fakes;

namespace AdminChat.Tests.Core.Providers;

public sealed class SimulatedChatProviderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static SimulatedChatProvider FastProvider() =>
        new(new SimulatedModelOptions { TimeToFirstTokenMs = 0, TokensPerSecond = 10_000 }, TimeProvider.System);

    private static ChatRequest Ask(string question) => new([new ChatTurn(ChatRole.User, question)], "simulated-model");

    private static async Task<List<ChatDelta>> CollectAsync(IAsyncEnumerable<ChatDelta> source)
    {
        var deltas = new List<ChatDelta>();
        await foreach (var delta in source)
        {
            deltas.Add(delta);
        }

        return deltas;
    }

    private static bool HasArabic(string text) => text.Any(c => c is >= '\u0600' and <= '\u06FF');

    [Fact]
    public async Task StreamAsync_ArabicQuestion_AnswersInArabic()
    {
        var deltas = await CollectAsync(FastProvider().StreamAsync(Ask("كيف أراقب زمن الاستجابة؟"))).WaitAsync(Timeout);

        var answer = string.Concat(deltas.Select(d => d.Text));
        Assert.True(HasArabic(answer));
        Assert.Contains("النموذج المحاكى", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamAsync_EnglishQuestion_AnswersWithoutArabic()
    {
        var deltas = await CollectAsync(FastProvider().StreamAsync(Ask("How do I watch latency?"))).WaitAsync(Timeout);

        var answer = string.Concat(deltas.Select(d => d.Text));
        Assert.False(HasArabic(answer));
        Assert.Contains("watch latency", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("How do I watch latency?")]
    [InlineData("كيف أراقب زمن الاستجابة؟")]
    public async Task StreamAsync_AnyQuestion_AnswerHasFencedCodeBlockAndLists(string question)
    {
        var deltas = await CollectAsync(FastProvider().StreamAsync(Ask(question))).WaitAsync(Timeout);

        var answer = string.Concat(deltas.Select(d => d.Text));
        var fence = answer.IndexOf("```csharp\n", StringComparison.Ordinal);
        Assert.True(fence >= 0);
        Assert.Contains("\n```", answer[(fence + 3)..], StringComparison.Ordinal);
        Assert.Matches(@"(?m)^1\. ", answer);
        Assert.Matches(@"(?m)^- ", answer);
    }

    [Fact]
    public async Task StreamAsync_LongRequest_AnswerLongerThanShortOne()
    {
        var shortAnswer = await CollectAsync(FastProvider().StreamAsync(Ask("latency"))).WaitAsync(Timeout);
        var longAnswer = await CollectAsync(FastProvider().StreamAsync(Ask("latency in detail"))).WaitAsync(Timeout);

        Assert.True(longAnswer.Count > 3 * shortAnswer.Count, $"{longAnswer.Count} vs {shortAnswer.Count}");
    }

    [Fact]
    public async Task StreamAsync_MaxOutputTokens_LimitsTextDeltasAndUsage()
    {
        var request = Ask("How do I watch latency?") with { MaxOutputTokens = 7 };

        var deltas = await CollectAsync(FastProvider().StreamAsync(request)).WaitAsync(Timeout);

        Assert.Equal(7, deltas.Count(d => d.Text.Length > 0));
        Assert.Equal(7, deltas[^1].Usage!.OutputTokens);
    }

    [Fact]
    public async Task StreamAsync_Completes_LastDeltaIsUsage()
    {
        var request = new ChatRequest(
            [new ChatTurn(ChatRole.System, "You are terse."), new ChatTurn(ChatRole.User, "How do I watch latency?")],
            "simulated-model");

        var deltas = await CollectAsync(FastProvider().StreamAsync(request)).WaitAsync(Timeout);

        var textDeltas = deltas.Count(d => d.Text.Length > 0);
        var last = deltas[^1];
        Assert.Equal(string.Empty, last.Text);
        Assert.Equal(
            new TokenUsage(SimulatedChatProvider.EstimateTokens("You are terse.") + SimulatedChatProvider.EstimateTokens("How do I watch latency?"),
                textDeltas),
            last.Usage);
        Assert.Single(deltas, d => d.Usage is not null);
    }

    [Fact]
    public async Task StreamAsync_TimeToFirstToken_WaitsOnTimeProvider()
    {
        var time = new ManualTimeProvider();
        var provider = new SimulatedChatProvider(new SimulatedModelOptions { TimeToFirstTokenMs = 500, TokensPerSecond = 100 }, time);
        await using var deltas = provider.StreamAsync(Ask("latency")).GetAsyncEnumerator();

        var first = deltas.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(first.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await first.WaitAsync(Timeout));
        Assert.NotEqual(string.Empty, deltas.Current.Text);

        // The second token is due one interval (10 ms) after the first.
        var second = deltas.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await second.WaitAsync(Timeout));
    }

    [Fact]
    public async Task StreamAsync_Cancelled_ThrowsOperationCanceled()
    {
        var provider = new SimulatedChatProvider(new SimulatedModelOptions { TimeToFirstTokenMs = 60_000 }, TimeProvider.System);
        using var cts = new CancellationTokenSource();

        var run = CollectAsync(provider.StreamAsync(Ask("latency"), cts.Token));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Timeout));
    }

    [Fact]
    public void StreamAsync_InvalidRequest_ThrowsBeforeEnumeration()
    {
        var provider = FastProvider();

        Assert.Throws<ArgumentNullException>(() => provider.StreamAsync(null!));
        Assert.Throws<ArgumentException>(() => provider.StreamAsync(new ChatRequest([], "simulated-model")));
    }

    public static TheoryData<string> TokenizeInputs => new()
    {
        "",
        "Hello world",
        "  leading and trailing  ",
        "supercalifragilisticexpialidocious antidisestablishmentarianism",
        "مرحبا بكم في لوحة الإدارة الخاصة بالمسؤولين",
        "emoji 😀😀😀😀😀😀😀😀😀 and 👩‍👩‍👧‍👦 family",
        "abcde😀fghij😀klmno😀",
        "code:\n```csharp\n    var x = 1;\n```\n\n- item",
    };

    [Theory]
    [MemberData(nameof(TokenizeInputs))]
    public void Tokenize_AnyText_ConcatenatesBackAndNeverSplitsSurrogatePairs(string text)
    {
        var tokens = SimulatedChatProvider.Tokenize(text);

        Assert.Equal(text, string.Concat(tokens));
        Assert.All(tokens, t => Assert.NotEqual(string.Empty, t));
        Assert.All(tokens, t =>
        {
            Assert.False(char.IsLowSurrogate(t[0]), $"token starts inside a surrogate pair: {t}");
            Assert.False(char.IsHighSurrogate(t[^1]), $"token ends inside a surrogate pair: {t}");
        });
    }

    [Fact]
    public void Tokenize_LongWord_CutIntoSeveralTokens()
    {
        var tokens = SimulatedChatProvider.Tokenize("supercalifragilisticexpialidocious");

        Assert.True(tokens.Count > 1);
        Assert.All(tokens, t => Assert.InRange(t.Length, 1, 7));
    }
}
