using System.Runtime.CompilerServices;

namespace AdminChat.Core.Providers;

/// <summary>
/// The built-in model that lets anyone run AdminChat without a key. It streams composed answers at a
/// configured time to first token and token rate; its answers are labelled as simulated in the UI.
/// </summary>
public sealed class SimulatedChatProvider(SimulatedModelOptions options, TimeProvider timeProvider,
    string name = SimulatedChatProvider.ProviderName) : IChatModelProvider
{
    public const string ProviderName = "simulated";

    public string Name => name;

    public bool IsSimulated => true;

    public IReadOnlyList<string> Models => options.Models;

    public IAsyncEnumerable<ChatDelta> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Turns.Count == 0)
        {
            throw new ArgumentException("A chat request needs at least one turn.", nameof(request));
        }

        return StreamCoreAsync(request, cancellationToken);
    }

    private async IAsyncEnumerable<ChatDelta> StreamCoreAsync(ChatRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tokens = Tokenize(AnswerFor(request.Turns));
        var limit = request.MaxOutputTokens is > 0 and var max ? Math.Min(max, tokens.Count) : tokens.Count;
        var speed = options.Speeds.TryGetValue(request.Model, out var own)
            ? own
            : new SimulatedSpeed(options.TimeToFirstTokenMs, options.TokensPerSecond);
        var interval = TimeSpan.FromSeconds(1 / speed.TokensPerSecond);

        await Task.Delay(TimeSpan.FromMilliseconds(speed.TimeToFirstTokenMs), timeProvider, cancellationToken)
            .ConfigureAwait(false);
        var start = timeProvider.GetTimestamp();
        for (var i = 0; i < limit; i++)
        {
            // Schedule against the start time so the rate holds even when the consumer is slow to resume us.
            var due = interval * i - timeProvider.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, timeProvider, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatDelta(tokens[i]);
        }

        var inputTokens = request.Turns.Sum(t => EstimateTokens(t.Text));
        yield return ChatDelta.ForUsage(new TokenUsage(inputTokens, limit));
    }

    /// <summary>
    /// The composed answer to the last question; when asked to continue a cut-off answer, only the part of it
    /// that had not arrived yet, as a real model would carry on.
    /// </summary>
    private static string AnswerFor(IReadOnlyList<ChatTurn> turns)
    {
        var last = turns.LastOrDefault(t => t.Role == ChatRole.User)?.Text ?? string.Empty;
        if (last != Conversations.ContinuationPrompt.Text || turns.Count < 3 || turns[^2].Role != ChatRole.Assistant)
        {
            return SimulatedAnswers.Compose(last);
        }

        var partial = turns[^2].Text;
        var question = turns.Take(turns.Count - 2).LastOrDefault(t => t.Role == ChatRole.User)?.Text ?? string.Empty;
        var full = SimulatedAnswers.Compose(question);
        return full.StartsWith(partial, StringComparison.Ordinal) ? full[partial.Length..] : full;
    }

    /// <summary>Roughly four characters a token, like common BPE tokenizers on English text.</summary>
    public static int EstimateTokens(string text) => Math.Max(1, (text.Length + 3) / 4);

    /// <summary>Cuts text into token-like pieces: a word with its leading space, long words in parts.</summary>
    internal static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            var boundary = i == text.Length
                || (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]))
                || (i - start >= 6 && !char.IsLowSurrogate(text[i]) && !char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]));
            if (boundary)
            {
                tokens.Add(text[start..i]);
                start = i;
            }
        }

        return tokens;
    }
}
