using AdminChat.Core.Providers;

namespace AdminChat.Core.Resilience;

/// <summary>
/// A provider stream that has produced its first word (or ended), with the timer that cuts it off: armed for the
/// first token, then re-armed before each read for the silence between words or what is left of the whole answer.
/// The caller's cancellation reaches the stream through the same token; <see cref="TimedOut"/> tells them apart.
/// </summary>
internal sealed class StartedStream : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly CancellationTokenRegistration _callerRegistration;
    private readonly CancellationToken _caller;

    public StartedStream(TimeProvider time, CancellationToken caller)
    {
        // Created with the TimeProvider so that CancelAfter runs on its timers (tests drive them by hand).
        _cancellation = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _caller = caller;
        _callerRegistration = caller.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _cancellation);
    }

    public CancellationToken Token => _cancellation.Token;

    public IAsyncEnumerator<ChatDelta> Updates { get; set; } = EmptyUpdates();

    public ChatDelta? First { get; set; }

    /// <summary>Usage deltas that came before the first word (unusual, but nothing received is dropped).</summary>
    public List<ChatDelta> PendingUsage { get; } = [];

    public bool Ended { get; set; }

    /// <summary>Which timer is armed: "first-token", "silence" or "whole-answer".</summary>
    public string Reason { get; private set; } = string.Empty;

    /// <summary>The timer, not the caller, cancelled the stream.</summary>
    public bool TimedOut => _cancellation.IsCancellationRequested && !_caller.IsCancellationRequested;

    public void Arm(TimeSpan after, string reason)
    {
        Reason = reason;
        _cancellation.CancelAfter(after > TimeSpan.Zero ? after : TimeSpan.Zero);
    }

    public async ValueTask DisposeAsync()
    {
        await _callerRegistration.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Updates.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception) when (_cancellation.IsCancellationRequested)
        {
            // Tearing down a cancelled HTTP stream may throw; the stream is over either way.
        }

        _cancellation.Dispose();
    }

    private static async IAsyncEnumerator<ChatDelta> EmptyUpdates()
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }
}
