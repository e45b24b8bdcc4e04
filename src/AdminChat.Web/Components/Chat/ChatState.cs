using AdminChat.Core.Providers;
using AdminChat.Core.Streaming;

namespace AdminChat.Web.Components.Chat;

/// <summary>
/// The conversation on screen for one circuit, kept out of the components so they stay small.
/// One answer streams at a time; a new question or leaving the page cancels the one in flight.
/// </summary>
public sealed class ChatState(AdminChatStreamingService streaming, ILogger<ChatState> logger) : IDisposable
{
    private readonly List<ChatEntry> _entries = [];
    private CancellationTokenSource? _current;

    public IReadOnlyList<ChatEntry> Entries => _entries;

    public IReadOnlyList<ModelChoice> Models => streaming.Catalog.Choices;

    public string SelectedModel { get; set; } = streaming.Catalog.Default.Model;

    public bool SelectedIsSimulated => streaming.Catalog.Resolve(SelectedModel).Choice.IsSimulated;

    public bool IsStreaming => _current is not null;

    public StreamRecord? LastRecord { get; private set; }

    /// <summary>Raised when entries are added or an answer starts or finishes (not on every chunk).</summary>
    public event Action? Changed;

    /// <summary>Adds the question and starts streaming its answer; returns once the answer is underway.</summary>
    public bool Send(string question)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return false;
        }

        _entries.Add(ChatEntry.FromUser(question, SelectedModel));
        StartAnswer();
        return true;
    }

    /// <summary>Asks again for the answer that failed, with the same conversation before it.</summary>
    public void Retry(ChatEntry failed)
    {
        if (IsStreaming || _entries.Count == 0 || _entries[^1] != failed || failed.Status != EntryStatus.Error)
        {
            return;
        }

        _entries.RemoveAt(_entries.Count - 1);
        StartAnswer();
    }

    public void Stop() => _current?.Cancel();

    private void StartAnswer()
    {
        Stop();
        var history = _entries
            .Where(e => e.Role == ChatRole.User || e.Status == EntryStatus.Complete)
            .Select(e => new ChatTurn(e.Role, e.Text))
            .ToList();
        var choice = streaming.Catalog.Resolve(SelectedModel).Choice;
        var answer = new ChatEntry(ChatRole.Assistant, choice.Model, choice.IsSimulated);
        _entries.Add(answer);
        var cancellation = new CancellationTokenSource();
        _current = cancellation;
        Changed?.Invoke();
        _ = StreamAnswerAsync(history, answer, cancellation);
    }

    // Runs on the circuit's dispatcher (no ConfigureAwait(false)), so entries only change on the renderer's thread.
    private async Task StreamAnswerAsync(List<ChatTurn> history, ChatEntry answer, CancellationTokenSource cancellation)
    {
        try
        {
            await foreach (var update in streaming.StreamAsync(history, answer.Model, cancellation.Token))
            {
                if (update.Completed is { } record)
                {
                    LastRecord = record;
                    answer.Finish(record);
                }
                else
                {
                    answer.Append(update.Chunk.Text);
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
            if (_current == cancellation)
            {
                _current = null;
            }

            cancellation.Dispose();
            Changed?.Invoke();
        }
    }

    public void Dispose() => Stop();
}
