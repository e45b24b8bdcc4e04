using System.ComponentModel.DataAnnotations;

namespace AdminChat.Core.Conversations;

/// <summary>Bound from <c>AdminChat:Chat</c>.</summary>
public sealed class ChatOptions
{
    public const string Section = "AdminChat:Chat";

    /// <summary>The longest question, in characters, that the chat accepts.</summary>
    [Range(1, 200_000)]
    public int MaxMessageLength { get; set; } = 8000;

    /// <summary>
    /// How many (estimated) tokens of the conversation are sent with each question; older turns are dropped first
    /// (see <see cref="ContextTrimmer"/>).
    /// </summary>
    [Range(256, 2_000_000)]
    public int ContextBudgetTokens { get; set; } = 8000;

    /// <summary>Sent first with every request when set.</summary>
    public string? SystemPrompt { get; set; }
}
