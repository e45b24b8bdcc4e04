using AdminChat.Core.Providers;

namespace AdminChat.Core.Streaming;

public enum StreamOutcome
{
    Complete,

    /// <summary>The person pressed Stop; the text shown so far is kept.</summary>
    Stopped,

    /// <summary>The provider failed after text had arrived; that text is kept.</summary>
    Partial,

    /// <summary>The provider failed before any text arrived.</summary>
    Error,
}

/// <summary>What one streamed answer cost in time and size: the raw material of the performance panel.</summary>
public sealed record StreamRecord
{
    public required string RequestId { get; init; }

    public required string Provider { get; init; }

    public required string Model { get; init; }

    public bool Simulated { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Request accepted → first chunk handed to the circuit; null when nothing was sent.</summary>
    public TimeSpan? TimeToFirstChunk { get; init; }

    public required TimeSpan Total { get; init; }

    public int Chunks { get; init; }

    public int Words { get; init; }

    public int Characters { get; init; }

    /// <summary>From the provider's usage chunk; null when it sent none.</summary>
    public TokenUsage? Usage { get; init; }

    public required StreamOutcome Outcome { get; init; }

    public ChatErrorKind? ErrorKind { get; init; }

    /// <summary>The provider the answer was asked of; <see cref="Provider"/> is the one that served (or was asked last).</summary>
    public string? RequestedProvider { get; init; }

    /// <summary>True when the requested provider could not start the answer and another one in the chain served it.</summary>
    public bool FellBack { get; init; }

    /// <summary>Calls made to start the answer, retries and fallbacks included (1 when the first call worked).</summary>
    public int Attempts { get; init; }

    /// <summary>How long a rate-limiting provider asked to wait (Retry-After), for the person's message.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>Receives a record for every finished request. Implementations must return quickly.</summary>
public interface IStreamRecordSink
{
    void Record(StreamRecord record);
}
