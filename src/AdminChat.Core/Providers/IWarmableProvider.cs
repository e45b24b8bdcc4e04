namespace AdminChat.Core.Providers;

/// <summary>A provider that can open its connection ahead of a request (hybrid streaming's warm start).</summary>
public interface IWarmableProvider
{
    /// <summary>
    /// Opens (or keeps) the connection the next answer will use, with a request that carries nothing of the
    /// conversation. Failures are swallowed: a warm-up that did not work only means the answer pays the set-up.
    /// </summary>
    Task WarmUpAsync(CancellationToken cancellationToken = default);
}
