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
    /// <summary>Who asked, in which conversation, under which tier and experiment variant (empty until those exist).</summary>
    public string? UserId { get; init; }

    public Guid? ConversationId { get; init; }

    public string? Tier { get; init; }

    public string? Variant { get; init; }

    /// <summary>US dollars at the tier's prices (a simulated answer is priced as the tier it plays); null when unpriced.</summary>
    public decimal? Cost { get; init; }

    /// <summary>True when <see cref="Cost"/> comes from estimated token counts because the provider sent no usage.</summary>
    public bool CostEstimated { get; init; }

    /// <summary>Why the router chose the tier, as <see cref="Routing.RoutingNote"/> writes it ("Fast:ShortFactual,HowTo").</summary>
    public string? RoutingReason { get; init; }

    /// <summary>Tiers tried before this one and why they were left ("Nano>Fast:Timeout"), or null.</summary>
    public string? Escalations { get; init; }

    /// <summary>The same tokens priced at the Genius tier: the savings card compares <see cref="Cost"/> with it.</summary>
    public decimal? GeniusCost { get; init; }
    /// <summary>Served from the response cache (hybrid streaming): the text is an earlier complete answer of the model.</summary>
    public bool Cached { get; init; }

    /// <summary>For a cached answer, how long ago the model produced it.</summary>
    public TimeSpan? CachedAge { get; init; }

    /// <summary>For a cached answer, the model that produced it (<see cref="Provider"/> says "cache").</summary>
    public string? CachedFromProvider { get; init; }
}

/// <summary>
/// What the caller knows about a request that the streaming service does not: copied into the <see cref="StreamRecord"/>.
/// The caller makes <paramref name="RequestId"/> up front so that measurements taken elsewhere (the browser's perceived
/// time to first token) can be matched to the request.
/// </summary>
/// <param name="WordsPerChunk">An experiment's override of <see cref="StreamingOptions.WordsPerChunk"/> for this request.</param>
/// <param name="PacingMs">An experiment's override of <see cref="StreamingOptions.PacingMs"/> for this request.</param>
/// <param name="Temperature">Passed to the provider when set.</param>
/// <param name="MaxOutputTokens">Passed to the provider when set.</param>
public sealed record StreamContext(string RequestId, string? UserId = null, Guid? ConversationId = null,
    string? Tier = null, string? Variant = null, int? WordsPerChunk = null, int? PacingMs = null,
    float? Temperature = null, int? MaxOutputTokens = null, string? RoutingReason = null, string? Escalations = null,
    bool BypassCache = false);

/// <summary>Receives a record for every finished request. Implementations must return quickly.</summary>
public interface IStreamRecordSink
{
    void Record(StreamRecord record);
}
