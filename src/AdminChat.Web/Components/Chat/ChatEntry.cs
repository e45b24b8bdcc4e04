using System.Text;
using AdminChat.Core.Providers;
using AdminChat.Core.Storage;
using AdminChat.Core.Streaming;

namespace AdminChat.Web.Components.Chat;

public enum EntryStatus
{
    Streaming,
    Complete,
    Stopped,
    Error,

    /// <summary>The server stopped while this answer streamed; what had reached it was kept.</summary>
    Interrupted,
}

/// <summary>One message on screen. Only an assistant entry that is streaming changes after it is added.</summary>
public sealed class ChatEntry(ChatRole role, string model, bool simulated)
{
    private readonly StringBuilder _text = new();

    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>The stored message this entry shows; null until it is saved.</summary>
    public Guid? MessageId { get; internal set; }

    public ChatRole Role { get; } = role;

    /// <summary>The request streaming (or that last streamed) this answer; the page tags the message with it.</summary>
    public string? RequestId { get; internal set; }

    /// <summary>Send → first text painted, as the browser measured it.</summary>
    public double? PerceivedTtftMs { get; internal set; }

    public string Model { get; } = model;

    public bool Simulated { get; } = simulated;

    public EntryStatus Status { get; private set; } = role == ChatRole.Assistant ? EntryStatus.Streaming : EntryStatus.Complete;

    public ChatErrorKind? ErrorKind { get; private set; }

    public StreamRecord? Record { get; private set; }

    /// <summary>The experiment variants this answer was produced under ("x3:B"); null outside experiments.</summary>
    public string? Variant { get; internal set; }

    /// <summary>Readable form of <see cref="Variant"/> for admins, when known (only while the answer is on screen).</summary>
    public string? VariantLabel { get; internal set; }

    /// <summary>1 thumbs up, -1 thumbs down, null not rated.</summary>
    public int? Feedback { get; private set; }

    /// <summary>Bumped on every change so the message view re-renders only when its own entry changed.</summary>
    public int Version { get; private set; }

    public string Text => _text.ToString();

    /// <summary>True when the answer stopped short and can be continued from where it ended.</summary>
    public bool CanContinue => Role == ChatRole.Assistant && _text.Length > 0
        && Status is EntryStatus.Interrupted or EntryStatus.Stopped or EntryStatus.Error;

    /// <summary>Raised when text arrives or the entry finishes.</summary>
    public event Action? Changed;

    public static ChatEntry FromUser(string text, string model)
    {
        var entry = new ChatEntry(ChatRole.User, model, simulated: false);
        entry._text.Append(text);
        return entry;
    }

    /// <summary>An entry for a message read back from the database.</summary>
    public static ChatEntry FromStored(StoredMessage message, bool simulated)
    {
        var entry = new ChatEntry(message.Role, message.Model ?? string.Empty, simulated) { MessageId = message.Id };
        entry._text.Append(message.Text);
        entry.ErrorKind = message.ErrorKind;
        entry.Variant = message.Variant;
        entry.Feedback = message.Feedback;
        entry.Status = message.Role == ChatRole.User ? EntryStatus.Complete : message.Outcome switch
        {
            MessageOutcome.Complete => EntryStatus.Complete,
            MessageOutcome.Stopped => EntryStatus.Stopped,
            MessageOutcome.Partial or MessageOutcome.Error => EntryStatus.Error,
            _ => EntryStatus.Interrupted,
        };
        return entry;
    }

    internal void Append(string text)
    {
        _text.Append(text);
        Version++;
        Changed?.Invoke();
    }

    /// <summary>Continuing an answer: it streams again, and new text goes after what is there.</summary>
    internal void Resume()
    {
        Status = EntryStatus.Streaming;
        ErrorKind = null;
        Version++;
        Changed?.Invoke();
    }

    internal void SetFeedback(int? feedback)
    {
        Feedback = feedback;
        Version++;
        Changed?.Invoke();
    }

    internal void Fail(ChatErrorKind kind)
    {
        ErrorKind = kind;
        Status = EntryStatus.Error;
        Version++;
        Changed?.Invoke();
    }

    internal void Finish(StreamRecord record)
    {
        Record = record;
        ErrorKind = record.ErrorKind;
        Status = record.Outcome switch
        {
            StreamOutcome.Complete => EntryStatus.Complete,
            StreamOutcome.Stopped => EntryStatus.Stopped,
            _ => EntryStatus.Error,
        };
        Version++;
        Changed?.Invoke();
    }
}
