using AdminChat.Core.Conversations;
using AdminChat.Core.Providers;
using AdminChat.Core.Storage;
using AdminChat.Core.Streaming;
using Microsoft.Extensions.Options;

namespace AdminChat.Web.Components.Chat;

public enum SendResult
{
    Sent,
    Empty,
    TooLong,
    Busy,
}

/// <summary>
/// The conversation on screen for one circuit, kept out of the components so they stay small. Questions and
/// answers are stored as they happen (answers while they stream), so a restart or a closed tab loses nothing
/// that reached the server. One answer streams at a time; a new question, another conversation or leaving the
/// page stops the one in flight.
/// </summary>
public sealed class ChatState(
    AdminChatStreamingService streaming,
    IConversationStore store,
    CurrentUser user,
    IOptions<ChatOptions> options,
    ILogger<ChatState> logger) : IDisposable
{
    private readonly List<ChatEntry> _entries = [];
    private CancellationTokenSource? _current;

    public IReadOnlyList<ChatEntry> Entries => _entries;

    public IReadOnlyList<ModelChoice> Models => streaming.Catalog.Choices;

    public string SelectedModel { get; set; } = streaming.Catalog.Default.Model;

    public bool SelectedIsSimulated => streaming.Catalog.Resolve(SelectedModel).Choice.IsSimulated;

    public int MaxMessageLength => options.Value.MaxMessageLength;

    public Guid? ConversationId { get; private set; }

    public bool IsStreaming => _current is not null;

    public StreamRecord? LastRecord { get; private set; }

    /// <summary>Raised when entries are added or an answer starts or finishes (not on every chunk).</summary>
    public event Action? Changed;

    /// <summary>Raised when a conversation is created or its order in the list changes.</summary>
    public event Action? ConversationsChanged;

    /// <summary>Shows a stored conversation, or a new empty one for null; false when it is not this admin's.</summary>
    public async Task<bool> LoadAsync(Guid? conversationId)
    {
        if (conversationId is not null && conversationId == ConversationId)
        {
            return true;
        }

        Stop();
        _entries.Clear();
        LastRecord = null;
        ConversationId = null;
        if (conversationId is { } id)
        {
            var conversation = await store.GetAsync(await user.IdAsync(), id);
            if (conversation is null)
            {
                Changed?.Invoke();
                return false;
            }

            ConversationId = conversation.Id;
            _entries.AddRange(conversation.Messages.Select(m =>
                ChatEntry.FromStored(m, m.Provider == SimulatedChatProvider.ProviderName)));
        }

        Changed?.Invoke();
        return true;
    }

    /// <summary>Stores the question and starts streaming its answer; returns once the answer is underway.</summary>
    public async Task<SendResult> SendAsync(string question)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return SendResult.Empty;
        }

        if (question.Length > MaxMessageLength)
        {
            return SendResult.TooLong;
        }

        if (IsStreaming)
        {
            return SendResult.Busy;
        }

        var owner = await user.IdAsync();
        ConversationId ??= (await store.CreateAsync(owner, question)).Id;
        var stored = await store.AddUserMessageAsync(owner, ConversationId.Value, question);
        var entry = ChatEntry.FromUser(question, SelectedModel);
        entry.MessageId = stored.Id;
        _entries.Add(entry);
        ConversationsChanged?.Invoke();
        await StartAnswerAsync(owner, resume: null);
        return SendResult.Sent;
    }

    /// <summary>Asks again for the answer that failed with nothing to show, with the same conversation before it.</summary>
    public async Task RetryAsync(ChatEntry failed)
    {
        if (IsStreaming || _entries.Count == 0 || _entries[^1] != failed || failed.Status != EntryStatus.Error)
        {
            return;
        }

        if (failed.Text.Length > 0)
        {
            await ContinueAsync(failed);
            return;
        }

        _entries.RemoveAt(_entries.Count - 1);
        await StartAnswerAsync(await user.IdAsync(), resume: null);
    }

    /// <summary>Asks the model to carry on from the end of a cut-off answer, appending to the same message.</summary>
    public async Task ContinueAsync(ChatEntry cutOff)
    {
        if (IsStreaming || !cutOff.CanContinue || cutOff.MessageId is null || _entries.Count == 0 || _entries[^1] != cutOff)
        {
            return;
        }

        await StartAnswerAsync(await user.IdAsync(), resume: cutOff);
    }

    public void Stop() => _current?.Cancel();

    private async Task StartAnswerAsync(string owner, ChatEntry? resume)
    {
        Stop();
        var choice = streaming.Catalog.Resolve(resume?.Model is { Length: > 0 } model ? model : SelectedModel).Choice;
        var writer = resume is null
            ? await store.BeginAnswerAsync(owner, ConversationId!.Value, choice.Model, choice.Provider)
            : await store.ResumeAnswerAsync(owner, resume.MessageId!.Value);

        var turns = _entries
            .Where(e => e.Role == ChatRole.User || (e.Text.Length > 0 && e.Status != EntryStatus.Streaming) || e == resume)
            .Select(e => new ChatTurn(e.Role, e.Text))
            .ToList();
        if (resume is not null)
        {
            turns.Add(new ChatTurn(ChatRole.User, ContinuationPrompt.Text));
        }

        var answer = resume ?? new ChatEntry(ChatRole.Assistant, choice.Model, choice.IsSimulated) { MessageId = writer.MessageId };
        if (resume is null)
        {
            _entries.Add(answer);
        }
        else
        {
            answer.Resume();
        }

        var cancellation = new CancellationTokenSource();
        _current = cancellation;
        Changed?.Invoke();
        var context = ContextTrimmer.Trim(turns, options.Value.ContextBudgetTokens, options.Value.SystemPrompt);
        _ = StreamAnswerAsync(context, answer, writer, cancellation);
    }

    // Runs on the circuit's dispatcher (no ConfigureAwait(false)), so entries only change on the renderer's thread.
    private async Task StreamAnswerAsync(IReadOnlyList<ChatTurn> turns, ChatEntry answer, AnswerWriter writer,
        CancellationTokenSource cancellation)
    {
        try
        {
            await foreach (var update in streaming.StreamAsync(turns, answer.Model, cancellation.Token))
            {
                if (update.Completed is { } record)
                {
                    LastRecord = record;
                    answer.Finish(record);
                    await writer.CompleteAsync(record, CancellationToken.None);
                }
                else
                {
                    answer.Append(update.Chunk.Text);
                    writer.Append(update.Chunk.Text);
                }
            }
        }
#pragma warning disable CA1031 // A failure here must end the answer on screen, whatever it is.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Streaming an answer failed unexpectedly");
            answer.Fail(ChatErrorKind.Unknown);
        }
        finally
        {
            await writer.DisposeAsync();
            if (_current == cancellation)
            {
                _current = null;
            }

            cancellation.Dispose();
            Changed?.Invoke();
            ConversationsChanged?.Invoke();
        }
    }

    public void Dispose() => Stop();
}
