using AdminChat.Core.Conversations;
using AdminChat.Core.Providers;

namespace AdminChat.Tests.Core.Conversations;

public sealed class ContextTrimmerTests
{
    // 40 characters: 10 tokens of text + 4 of overhead = 14 a turn.
    private static ChatTurn Turn(ChatRole role, int index) => new(role, $"{index:D2}".PadRight(40, '.'));

    private static List<ChatTurn> Alternating(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Turn(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, i))];

    [Fact]
    public void EstimateTokens_FortyCharacters_TenPlusOverhead()
    {
        Assert.Equal(10 + ContextTrimmer.PerTurnOverheadTokens, ContextTrimmer.EstimateTokens(Turn(ChatRole.User, 1)));
        Assert.Equal(1 + ContextTrimmer.PerTurnOverheadTokens, ContextTrimmer.EstimateTokens(new ChatTurn(ChatRole.User, "")));
        Assert.Equal(2 + ContextTrimmer.PerTurnOverheadTokens, ContextTrimmer.EstimateTokens(new ChatTurn(ChatRole.User, "مرحبا")));
    }

    [Fact]
    public void Trim_EverythingFits_ReturnsSystemPromptThenAllTurnsInOrder()
    {
        var history = Alternating(5);

        var trimmed = ContextTrimmer.Trim(history, 10_000, "Be brief.");

        Assert.Equal(new ChatTurn(ChatRole.System, "Be brief."), trimmed[0]);
        Assert.Equal(history, trimmed.Skip(1));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Trim_NoSystemPrompt_NoSystemTurn(string? systemPrompt)
    {
        var history = Alternating(3);

        var trimmed = ContextTrimmer.Trim(history, 10_000, systemPrompt);

        Assert.Equal(history, trimmed);
    }

    [Fact]
    public void Trim_OverBudget_DropsOldestFirst()
    {
        var history = Alternating(7);

        // Room for three turns of 14 tokens, not four.
        var trimmed = ContextTrimmer.Trim(history, 3 * 14 + 13, null);

        Assert.Equal(history.Skip(4), trimmed);
    }

    [Fact]
    public void Trim_SystemPrompt_CountsAgainstBudget()
    {
        var history = Alternating(7);
        var systemPrompt = new string('s', 40); // 14 tokens, like a turn

        var trimmed = ContextTrimmer.Trim(history, 4 * 14, systemPrompt);

        Assert.Equal(ChatRole.System, trimmed[0].Role);
        Assert.Equal(history.Skip(4), trimmed.Skip(1));
    }

    [Fact]
    public void Trim_NewestUserTurnAloneOverBudget_KeptAlone()
    {
        var history = new List<ChatTurn>
        {
            Turn(ChatRole.User, 0),
            Turn(ChatRole.Assistant, 1),
            new(ChatRole.User, new string('q', 10_000)),
        };

        var trimmed = ContextTrimmer.Trim(history, 256, "system");

        Assert.Equal([new ChatTurn(ChatRole.System, "system"), history[2]], trimmed);
    }

    [Fact]
    public void Trim_TooBigOldTurn_NothingOlderThanItIsKept()
    {
        var history = new List<ChatTurn>
        {
            Turn(ChatRole.User, 0),
            new(ChatRole.Assistant, new string('a', 4000)),
            Turn(ChatRole.User, 2),
            Turn(ChatRole.Assistant, 3),
            Turn(ChatRole.User, 4),
        };

        var trimmed = ContextTrimmer.Trim(history, 100, null);

        // Turn 0 would fit on its own, but keeping it without turn 1 would leave a gap.
        Assert.Equal(history.Skip(2), trimmed);
    }

    [Fact]
    public void Trim_PartialAnswerAfterNewestQuestionTooBig_QuestionKeptAnswerDropped()
    {
        var history = new List<ChatTurn>
        {
            Turn(ChatRole.User, 0),
            Turn(ChatRole.Assistant, 1),
            Turn(ChatRole.User, 2),
            new(ChatRole.Assistant, new string('a', 4000)),
        };

        var trimmed = ContextTrimmer.Trim(history, 3 * 14, null);

        Assert.Equal(history.Take(3), trimmed);
    }

    [Fact]
    public void Trim_EmptyHistory_OnlySystemPrompt()
    {
        Assert.Equal([new ChatTurn(ChatRole.System, "hi")], ContextTrimmer.Trim([], 1000, "hi"));
        Assert.Empty(ContextTrimmer.Trim([], 1000, null));
    }

    [Fact]
    public void Trim_NegativeBudget_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ContextTrimmer.Trim(Alternating(1), -1, null));
}
