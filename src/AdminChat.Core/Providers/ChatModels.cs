namespace AdminChat.Core.Providers;

public enum ChatRole
{
    System,
    User,
    Assistant,
}

public sealed record ChatTurn(ChatRole Role, string Text);

/// <summary>What to ask a model. <see cref="Model"/> is the model id as the provider knows it.</summary>
public sealed record ChatRequest(IReadOnlyList<ChatTurn> Turns, string Model)
{
    public int? MaxOutputTokens { get; init; }

    public float? Temperature { get; init; }
}

public sealed record TokenUsage(int InputTokens, int OutputTokens);

/// <summary>One piece of a streamed answer: a text delta, or the final usage, or both.</summary>
public readonly record struct ChatDelta(string Text, TokenUsage? Usage = null)
{
    public static ChatDelta ForUsage(TokenUsage usage) => new(string.Empty, usage);
}
