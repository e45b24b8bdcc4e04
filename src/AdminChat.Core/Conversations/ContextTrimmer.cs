using AdminChat.Core.Providers;

namespace AdminChat.Core.Conversations;

/// <summary>
/// Fits a conversation into a model's context window by dropping its oldest turns.
/// </summary>
/// <remarks>
/// No tokenizer package is available here, so tokens are estimated: a turn costs
/// <see cref="SimulatedChatProvider.EstimateTokens"/> of its text (about four characters a token, rounded up, at least
/// one) plus <see cref="PerTurnOverheadTokens"/> for the role and separators that chat formats wrap around every
/// message. The estimate is rough on purpose; the budget should leave the model some room.
/// </remarks>
public static class ContextTrimmer
{
    /// <summary>Role markers and separators around each message (OpenAI documents 3–4 tokens a message).</summary>
    public const int PerTurnOverheadTokens = 4;

    public static int EstimateTokens(ChatTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return SimulatedChatProvider.EstimateTokens(turn.Text) + PerTurnOverheadTokens;
    }

    /// <summary>
    /// The system prompt (when not blank) followed by the newest turns of <paramref name="history"/> that fit in
    /// <paramref name="budgetTokens"/>, in their original order. The newest user turn is always kept, even when it
    /// alone exceeds the budget, because without it there is nothing to answer; the system prompt is always kept too
    /// and counts against the budget. Turns older than the newest user turn are kept newest first until one does not
    /// fit, so what is sent never has a gap; turns after it (a partial answer being continued) are kept only if they fit.
    /// </summary>
    public static IReadOnlyList<ChatTurn> Trim(IReadOnlyList<ChatTurn> history, int budgetTokens, string? systemPrompt)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(budgetTokens);

        var system = string.IsNullOrWhiteSpace(systemPrompt) ? null : new ChatTurn(ChatRole.System, systemPrompt);
        var used = system is null ? 0 : EstimateTokens(system);

        var newestUser = -1;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].Role == ChatRole.User)
            {
                newestUser = i;
                break;
            }
        }

        var keep = new bool[history.Count];
        if (newestUser >= 0)
        {
            keep[newestUser] = true;
            used += EstimateTokens(history[newestUser]);
        }

        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (i == newestUser)
            {
                continue;
            }

            var cost = EstimateTokens(history[i]);
            if (used + cost <= budgetTokens)
            {
                keep[i] = true;
                used += cost;
            }
            else if (i < newestUser || newestUser < 0)
            {
                break;
            }
        }

        var trimmed = new List<ChatTurn>(history.Count + 1);
        if (system is not null)
        {
            trimmed.Add(system);
        }

        for (var i = 0; i < history.Count; i++)
        {
            if (keep[i])
            {
                trimmed.Add(history[i]);
            }
        }

        return trimmed;
    }
}
