using System.Text;
using AdminChat.Core.Providers;
using AdminChat.Core.Streaming;

namespace AdminChat.Web.Components.Chat;

public enum EntryStatus
{
    Streaming,
    Complete,
    Stopped,
    Error,
}

/// <summary>One message on screen. Only an assistant entry that is streaming changes after it is added.</summary>
public sealed class ChatEntry(ChatRole role, string model, bool simulated)
{
    private readonly StringBuilder _text = new();

    public Guid Id { get; } = Guid.NewGuid();

    public ChatRole Role { get; } = role;

    public string Model { get; } = model;

    public bool Simulated { get; } = simulated;

    public EntryStatus Status { get; private set; } = role == ChatRole.Assistant ? EntryStatus.Streaming : EntryStatus.Complete;

    public ChatErrorKind? ErrorKind { get; private set; }

    public StreamRecord? Record { get; private set; }

    /// <summary>Bumped on every change so the message view re-renders only when its own entry changed.</summary>
    public int Version { get; private set; }

    public string Text => _text.ToString();

    /// <summary>Raised when text arrives or the entry finishes.</summary>
    public event Action? Changed;

    public static ChatEntry FromUser(string text, string model)
    {
        var entry = new ChatEntry(ChatRole.User, model, simulated: false);
        entry._text.Append(text);
        return entry;
    }

    internal void Append(string text)
    {
        _text.Append(text);
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
