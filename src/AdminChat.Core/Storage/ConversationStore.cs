using System.Text;
using System.Text.RegularExpressions;
using AdminChat.Core.Providers;
using Microsoft.EntityFrameworkCore;

namespace AdminChat.Core.Storage;

public sealed record ConversationSummary(Guid Id, string Title, DateTime UpdatedAt);

/// <summary>
/// One person's conversations. Every method takes the owner's id and treats someone else's conversation exactly like a
/// missing one, so a guessed id reveals nothing.
/// </summary>
public interface IConversationStore
{
    /// <summary>Newest first (UpdatedAt desc); <paramref name="search"/> matches the title or any message's text.</summary>
    Task<IReadOnlyList<ConversationSummary>> ListAsync(string ownerId, string? search = null, CancellationToken cancellationToken = default);

    /// <summary>Null when missing, deleted or owned by someone else; messages in the order they were added.</summary>
    Task<Conversation?> GetAsync(string ownerId, Guid conversationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// A new, empty conversation titled from the first question (see <see cref="ConversationStore.TitleFrom"/>). The
    /// question itself is stored by <see cref="AddUserMessageAsync"/>.
    /// </summary>
    Task<Conversation> CreateAsync(string ownerId, string firstQuestion, CancellationToken cancellationToken = default);

    /// <summary>Trims the title; an empty one throws <see cref="ArgumentException"/>. False when missing or not the owner's.</summary>
    Task<bool> RenameAsync(string ownerId, Guid conversationId, string title, CancellationToken cancellationToken = default);

    /// <summary>Deletes the conversation and its messages. False when missing or not the owner's.</summary>
    Task<bool> DeleteAsync(string ownerId, Guid conversationId, CancellationToken cancellationToken = default);

    /// <summary>Throws <see cref="KeyNotFoundException"/> when missing or not the owner's; bumps UpdatedAt.</summary>
    Task<StoredMessage> AddUserMessageAsync(string ownerId, Guid conversationId, string text, CancellationToken cancellationToken = default);

    /// <summary>Creates the assistant row (Outcome = Streaming, Text = "") and returns a writer that saves it while it streams.</summary>
    Task<AnswerWriter> BeginAnswerAsync(string ownerId, Guid conversationId, string model, string provider, CancellationToken cancellationToken = default);

    /// <summary>
    /// "Continue": an Interrupted, Partial or Stopped assistant message goes back to Streaming and gets a writer that
    /// appends to its text. <see cref="KeyNotFoundException"/> when missing or not the owner's;
    /// <see cref="InvalidOperationException"/> when the message cannot be continued.
    /// </summary>
    Task<AnswerWriter> ResumeAnswerAsync(string ownerId, Guid messageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rates an assistant answer: 1 thumbs up, -1 thumbs down, null takes the rating back. False when the message is
    /// missing, not the owner's, or not an answer.
    /// </summary>
    Task<bool> SetFeedbackAsync(string ownerId, Guid messageId, int? feedback, CancellationToken cancellationToken = default);
}

public sealed partial class ConversationStore(
    IDbContextFactory<AdminChatDbContext> contextFactory,
    TimeProvider timeProvider,
    TimeSpan? answerSaveInterval = null) : IConversationStore
{
    /// <summary>Titles derived from a question are cut to this many characters, "…" included.</summary>
    public const int DerivedTitleLength = 80;

    /// <summary>The title column's size.</summary>
    public const int MaxTitleLength = 200;

    private const char LikeEscape = '\\';

    private static readonly MessageOutcome[] Continuable = [MessageOutcome.Interrupted, MessageOutcome.Partial, MessageOutcome.Stopped];

    private readonly TimeSpan _saveInterval = answerSaveInterval ?? AnswerWriter.DefaultSaveInterval;

    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(string ownerId, string? search = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ownerId);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.Conversations.AsNoTracking().Where(c => c.OwnerId == ownerId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var escape = LikeEscape.ToString();

            // PostgreSQL's ILIKE folds case for every script. SQLite's LIKE folds ASCII only, so both sides go through
            // SqliteFunctions.Fold (.NET's invariant lower-casing) first. Arabic has no case and matches either way.
            if (db.Database.IsNpgsql())
            {
                var pattern = "%" + EscapeLike(search.Trim()) + "%";
                query = query.Where(c => EF.Functions.ILike(c.Title, pattern, escape)
                    || c.Messages.Any(m => EF.Functions.ILike(m.Text, pattern, escape)));
            }
            else
            {
                var pattern = "%" + EscapeLike(search.Trim().ToLowerInvariant()) + "%";
                query = query.Where(c => EF.Functions.Like(SqliteFunctions.Fold(c.Title), pattern, escape)
                    || c.Messages.Any(m => EF.Functions.Like(SqliteFunctions.Fold(m.Text), pattern, escape)));
            }
        }

        return await query
            .OrderByDescending(c => c.UpdatedAt)
            .ThenByDescending(c => c.CreatedAt)
            .ThenBy(c => c.Id)
            .Select(c => new ConversationSummary(c.Id, c.Title, c.UpdatedAt))
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<Conversation?> GetAsync(string ownerId, Guid conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ownerId);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Conversations
            .AsNoTracking()
            .Include(c => c.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Sequence))
            .SingleOrDefaultAsync(c => c.Id == conversationId && c.OwnerId == ownerId, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<Conversation> CreateAsync(string ownerId, string firstQuestion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ownerId);
        var now = UtcNow();
        var conversation = new Conversation
        {
            Id = Guid.NewGuid(),
            OwnerId = ownerId,
            Title = TitleFrom(firstQuestion),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return conversation;
    }

    public async Task<bool> RenameAsync(string ownerId, Guid conversationId, string title, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ownerId);
        ArgumentNullException.ThrowIfNull(title);
        var trimmed = title.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("A conversation's title cannot be empty.", nameof(title));
        }

        if (trimmed.Length > MaxTitleLength)
        {
            throw new ArgumentException($"A conversation's title can have at most {MaxTitleLength} characters.", nameof(title));
        }

        // A new name is not activity: the list keeps its order, newest conversation first.
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var updated = await db.Conversations
            .Where(c => c.Id == conversationId && c.OwnerId == ownerId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, trimmed), cancellationToken)
            .ConfigureAwait(false);
        return updated > 0;
    }

    public async Task<bool> DeleteAsync(string ownerId, Guid conversationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ownerId);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Messages first and explicitly: the foreign key cascades too, but this does not depend on SQLite's foreign_keys
        // pragma being on for every connection.
        await db.Messages
            .Where(m => m.ConversationId == conversationId && db.Conversations.Any(c => c.Id == conversationId && c.OwnerId == ownerId))
            .ExecuteDeleteAsync(cancellationToken)
            .ConfigureAwait(false);
        var deleted = await db.Conversations
            .Where(c => c.Id == conversationId && c.OwnerId == ownerId)
            .ExecuteDeleteAsync(cancellationToken)
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    public async Task<StoredMessage> AddUserMessageAsync(string ownerId, Guid conversationId, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ownerId);
        ArgumentNullException.ThrowIfNull(text);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var conversation = await FindOwnedAsync(db, ownerId, conversationId, cancellationToken).ConfigureAwait(false);
        var now = UtcNow();
        var message = new StoredMessage
        {
            Id = Guid.NewGuid(),
            ConversationId = conversationId,
            Role = ChatRole.User,
            Text = text,
            CreatedAt = now,
            CompletedAt = now,
            Sequence = await NextSequenceAsync(db, conversationId, cancellationToken).ConfigureAwait(false),
            Outcome = MessageOutcome.Complete,
        };
        db.Messages.Add(message);
        conversation.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return message;
    }

    public async Task<AnswerWriter> BeginAnswerAsync(string ownerId, Guid conversationId, string model, string provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ownerId);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await FindOwnedAsync(db, ownerId, conversationId, cancellationToken).ConfigureAwait(false);
        var message = new StoredMessage
        {
            Id = Guid.NewGuid(),
            ConversationId = conversationId,
            Role = ChatRole.Assistant,
            Model = model,
            Provider = provider,
            CreatedAt = UtcNow(),
            Sequence = await NextSequenceAsync(db, conversationId, cancellationToken).ConfigureAwait(false),
            Outcome = MessageOutcome.Streaming,
        };
        db.Messages.Add(message);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new AnswerWriter(contextFactory, timeProvider, message.Id, conversationId, string.Empty, _saveInterval);
    }

    public async Task<AnswerWriter> ResumeAnswerAsync(string ownerId, Guid messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ownerId);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var message = await db.Messages
            .SingleOrDefaultAsync(
                m => m.Id == messageId && db.Conversations.Any(c => c.Id == m.ConversationId && c.OwnerId == ownerId),
                cancellationToken)
            .ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"No message {messageId} for this owner.");
        if (message.Role != ChatRole.Assistant || !Continuable.Contains(message.Outcome))
        {
            throw new InvalidOperationException(
                $"Only an interrupted, partial or stopped answer can be continued; this message is a {message.Role} message, {message.Outcome}.");
        }

        message.Outcome = MessageOutcome.Streaming;
        message.CompletedAt = null;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new AnswerWriter(contextFactory, timeProvider, message.Id, message.ConversationId, message.Text, _saveInterval);
    }

    public async Task<bool> SetFeedbackAsync(string ownerId, Guid messageId, int? feedback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ownerId);
        if (feedback is not (null or 1 or -1))
        {
            throw new ArgumentOutOfRangeException(nameof(feedback), feedback, "Feedback is 1, -1 or null.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var message = await db.Messages
            .SingleOrDefaultAsync(
                m => m.Id == messageId && db.Conversations.Any(c => c.Id == m.ConversationId && c.OwnerId == ownerId),
                cancellationToken)
            .ConfigureAwait(false);
        if (message is null || message.Role != ChatRole.Assistant)
        {
            return false;
        }

        message.Feedback = feedback;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The question with white space collapsed; longer than <see cref="DerivedTitleLength"/> characters, it is cut at the
    /// last word boundary that fits and ends with "…" (a single long word is cut mid-word, never inside a surrogate pair).
    /// </summary>
    public static string TitleFrom(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var collapsed = WhiteSpace().Replace(question, " ").Trim();
        if (collapsed.Length == 0)
        {
            throw new ArgumentException("The first question cannot be empty.", nameof(question));
        }

        if (collapsed.Length <= DerivedTitleLength)
        {
            return collapsed;
        }

        // Room for the ellipsis; if the next character is a space, the whole last word fits.
        var room = DerivedTitleLength - 1;
        var cut = collapsed[room] == ' ' ? room : collapsed.LastIndexOf(' ', room - 1);
        if (cut <= 0)
        {
            cut = char.IsHighSurrogate(collapsed[room - 1]) ? room - 1 : room;
        }

        return collapsed[..cut].TrimEnd() + "…";
    }

    private static async Task<Conversation> FindOwnedAsync(AdminChatDbContext db, string ownerId, Guid conversationId, CancellationToken cancellationToken) =>
        await db.Conversations
            .SingleOrDefaultAsync(c => c.Id == conversationId && c.OwnerId == ownerId, cancellationToken)
            .ConfigureAwait(false)
        ?? throw new KeyNotFoundException($"No conversation {conversationId} for this owner.");

    private static async Task<long> NextSequenceAsync(AdminChatDbContext db, Guid conversationId, CancellationToken cancellationToken) =>
        (await db.Messages
            .Where(m => m.ConversationId == conversationId)
            .MaxAsync(m => (long?)m.Sequence, cancellationToken)
            .ConfigureAwait(false) ?? 0) + 1;

    private static string EscapeLike(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '%' or '_' or LikeEscape)
            {
                escaped.Append(LikeEscape);
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private DateTime UtcNow() => timeProvider.GetUtcNow().UtcDateTime;

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
