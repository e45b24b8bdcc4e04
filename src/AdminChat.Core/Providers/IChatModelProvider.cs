namespace AdminChat.Core.Providers;

/// <summary>A source of streamed answers: an OpenAI-compatible server, or the simulated model.</summary>
public interface IChatModelProvider
{
    /// <summary>Stable name shown to admins and recorded with each request.</summary>
    string Name { get; }

    /// <summary>True for the built-in simulated model; the UI labels its answers.</summary>
    bool IsSimulated { get; }

    /// <summary>The model ids this provider serves, in the order the picker lists them.</summary>
    IReadOnlyList<string> Models { get; }

    /// <summary>
    /// Streams the answer. Arguments are checked when called; the request starts when enumeration does,
    /// and <paramref name="cancellationToken"/> aborts the underlying HTTP request.
    /// </summary>
    IAsyncEnumerable<ChatDelta> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default);
}
