using AdminChat.Core.Providers;
using Microsoft.AspNetCore.Identity;

namespace AdminChat.Core.Storage;

/// <summary>A person who can sign in; only those in the Admin role reach /admin.</summary>
public sealed class AdminUser : IdentityUser
{
    public DateTime CreatedAt { get; set; }
}

/// <summary>Where a stored answer ended. <see cref="Streaming"/> rows left behind by a crash become <see cref="Interrupted"/>.</summary>
public enum MessageOutcome
{
    Streaming,
    Complete,
    Stopped,
    Partial,
    Error,
    Interrupted,
}

public sealed class Conversation
{
    public Guid Id { get; set; }

    public required string OwnerId { get; set; }

    public required string Title { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>UTC; the sidebar lists newest first by this.</summary>
    public DateTime UpdatedAt { get; set; }

    public List<StoredMessage> Messages { get; set; } = [];
}

public sealed class StoredMessage
{
    public Guid Id { get; set; }

    public Guid ConversationId { get; set; }

    public ChatRole Role { get; set; }

    public string Text { get; set; } = string.Empty;

    public string? Model { get; set; }

    public string? Provider { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// 1, 2, 3… within the conversation, in the order the rows were added: breaks ties between messages with the same
    /// <see cref="CreatedAt"/> (a coarse clock, or a database that keeps only microseconds), which random ids cannot.
    /// </summary>
    public long Sequence { get; set; }

    /// <summary>UTC; null while streaming.</summary>
    public DateTime? CompletedAt { get; set; }

    public int? InputTokens { get; set; }

    public int? OutputTokens { get; set; }

    public int? TimeToFirstTokenMs { get; set; }

    public MessageOutcome Outcome { get; set; }

    public ChatErrorKind? ErrorKind { get; set; }

    /// <summary>The experiment variants that produced this answer ("x3:B"), so ratings can be counted per variant.</summary>
    public string? Variant { get; set; }

    /// <summary>The person's rating of an answer: 1 thumbs up, -1 thumbs down, null not rated.</summary>
    public int? Feedback { get; set; }
}
