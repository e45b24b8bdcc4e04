using System.Text;
using AdminChat.Core.Streaming;
using Microsoft.EntityFrameworkCore;

namespace AdminChat.Core.Storage;

/// <summary>
/// Saves one assistant answer while it streams, so a crash or a restart loses at most <see cref="SaveInterval"/> of it.
/// <see cref="Append"/> is called from one thread at a time (the streaming loop) and never waits for the database:
/// saves run in the background, one at a time, each writing everything appended so far, so a later save can never be
/// overwritten by an older one.
/// </summary>
public sealed class AnswerWriter : IAsyncDisposable
{
    public static readonly TimeSpan DefaultSaveInterval = TimeSpan.FromSeconds(1);

    private readonly IDbContextFactory<AdminChatDbContext> _contextFactory;
    private readonly TimeProvider _timeProvider;
    private readonly Guid _conversationId;
    private readonly Lock _gate = new();
    private readonly StringBuilder _text;
    private readonly CancellationTokenSource _stopSaving = new();

    // Counts appends; a save that wrote version N leaves nothing to do while _version is still N.
    private long _version;
    private long _savedVersion;
    private long _lastSaveTimestamp;
    private Task _saveLoop = Task.CompletedTask;
    private bool _saveLoopRunning;
    private bool _finished;

    internal AnswerWriter(
        IDbContextFactory<AdminChatDbContext> contextFactory,
        TimeProvider timeProvider,
        Guid messageId,
        Guid conversationId,
        string initialText,
        TimeSpan saveInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(saveInterval, TimeSpan.Zero);
        _contextFactory = contextFactory;
        _timeProvider = timeProvider;
        _conversationId = conversationId;
        MessageId = messageId;
        SaveInterval = saveInterval;
        _text = new StringBuilder(initialText);
        _lastSaveTimestamp = timeProvider.GetTimestamp();
    }

    public Guid MessageId { get; }

    /// <summary>The longest that appended text waits before a background save writes it.</summary>
    public TimeSpan SaveInterval { get; }

    /// <summary>Everything so far, including text from before a resume.</summary>
    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    public void Append(string chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            _text.Append(chunk);
            _version++;
            if (!_saveLoopRunning)
            {
                // The loop waits out the rest of the interval itself, so a stalled stream still gets saved.
                _saveLoopRunning = true;
                _saveLoop = Task.Run(SaveLoopAsync);
            }
        }
    }

    /// <summary>
    /// The final save: the whole text, the outcome and the measurements from <paramref name="record"/>, and the
    /// conversation's UpdatedAt.
    /// </summary>
    public async Task CompleteAsync(StreamRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = await StopBackgroundSavesAsync().ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow().UtcDateTime;

        await using var db = await _contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == MessageId, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            // The conversation was deleted while the answer streamed; there is nothing left to complete.
            return;
        }

        message.Text = text;
        message.Outcome = record.Outcome switch
        {
            StreamOutcome.Complete => MessageOutcome.Complete,
            StreamOutcome.Stopped => MessageOutcome.Stopped,
            StreamOutcome.Partial => MessageOutcome.Partial,
            StreamOutcome.Error => MessageOutcome.Error,
            _ => throw new ArgumentOutOfRangeException(nameof(record), record.Outcome, "Unknown stream outcome."),
        };
        message.ErrorKind = record.ErrorKind;
        message.InputTokens = record.Usage?.InputTokens;
        message.OutputTokens = record.Usage?.OutputTokens;
        message.TimeToFirstTokenMs = record.TimeToFirstChunk is { } first ? (int)Math.Round(first.TotalMilliseconds) : null;
        message.Model = record.Model;
        message.Provider = record.Provider;
        message.Variant = record.Variant;
        message.CompletedAt = now;

        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == _conversationId, cancellationToken).ConfigureAwait(false);
        if (conversation is not null)
        {
            conversation.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Saves text not yet written if <see cref="CompleteAsync"/> never ran; the row stays Streaming, which
    /// <see cref="DatabaseInitializer"/> turns into Interrupted after a restart.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        bool completed;
        lock (_gate)
        {
            completed = _finished;
        }

        if (!completed)
        {
            var text = await StopBackgroundSavesAsync().ConfigureAwait(false);
            bool unsaved;
            lock (_gate)
            {
                unsaved = _savedVersion != _version;
            }

            if (unsaved)
            {
                await SaveTextAsync(text, CancellationToken.None).ConfigureAwait(false);
            }
        }

        _stopSaving.Dispose();
    }

    /// <summary>Stops further appends and background saves, waits for a save in flight, and returns the final text.</summary>
    private async Task<string> StopBackgroundSavesAsync()
    {
        Task loop;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_finished, this);
            _finished = true;
            loop = _saveLoop;
        }

        await _stopSaving.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        lock (_gate)
        {
            return _text.ToString();
        }
    }

    private async Task SaveLoopAsync()
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                wait = SaveInterval - _timeProvider.GetElapsedTime(_lastSaveTimestamp);
            }

            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _timeProvider, _stopSaving.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Completing or disposing: the final save writes everything, so this one is not needed.
                return;
            }

            string text;
            long version;
            lock (_gate)
            {
                if (_finished)
                {
                    return;
                }

                text = _text.ToString();
                version = _version;
            }

            try
            {
                await SaveTextAsync(text, CancellationToken.None).ConfigureAwait(false);
                lock (_gate)
                {
                    _savedVersion = version;
                }
            }
#pragma warning disable CA1031 // A failed background save must not break the stream; the next save or the final one retries.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            lock (_gate)
            {
                _lastSaveTimestamp = _timeProvider.GetTimestamp();
                if (_finished || _version == _savedVersion)
                {
                    _saveLoopRunning = false;
                    return;
                }
            }
        }
    }

    private async Task SaveTextAsync(string text, CancellationToken cancellationToken)
    {
        await using var db = await _contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Messages
            .Where(m => m.Id == MessageId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Text, text), cancellationToken)
            .ConfigureAwait(false);
    }
}
