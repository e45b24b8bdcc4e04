using System.Collections.Concurrent;
using AdminChat.Core.Providers;
using Microsoft.Extensions.Logging;

namespace AdminChat.Core.Hybrid;

/// <summary>
/// Warm start's seam for routing: which provider will a draft go to once sent? The default answers with the selected
/// model's provider. Routing (model tiers, a query classifier) replaces the registration with its own that classifies
/// the draft; the draft only ever informs that local decision and is never sent anywhere by warm start.
/// </summary>
public interface IWarmStartTarget
{
    /// <returns>The provider name (as in <see cref="ChatProviderSet"/>), or null to warm nothing.</returns>
    string? ProviderFor(string draft, string? selectedModel);
}

/// <summary>Default target: the provider of the model picked in the chat.</summary>
public sealed class SelectedModelWarmStartTarget(ChatModelCatalog catalog) : IWarmStartTarget
{
    public string? ProviderFor(string draft, string? selectedModel) => catalog.Resolve(selectedModel).Provider.Name;
}

/// <summary>
/// While an admin types, opens the connection to the provider the question will go to, so that sending pays no TCP/TLS
/// set-up. Each provider is warmed at most once per <see cref="HybridOptions.WarmStartIntervalSeconds"/>, however
/// many people type; nothing happens unless hybrid streaming is on.
/// </summary>
public sealed partial class WarmStarter(HybridStreaming hybrid, IWarmStartTarget target, ChatProviderSet providers,
    TimeProvider timeProvider, ILogger<WarmStarter> logger)
{
    private readonly ConcurrentDictionary<string, long> _lastWarmed = new(StringComparer.Ordinal);

    /// <summary>Warms the target provider for <paramref name="draft"/>; true when a warm-up request was made.</summary>
    public async Task<bool> WarmAsync(string draft, string? selectedModel, CancellationToken cancellationToken = default)
    {
        if (!hybrid.Enabled || string.IsNullOrWhiteSpace(draft)
            || target.ProviderFor(draft, selectedModel) is not { } name
            || providers.Find(name)?.Provider is not IWarmableProvider warmable)
        {
            return false;
        }

        var now = timeProvider.GetTimestamp();
        var interval = TimeSpan.FromSeconds(hybrid.Options.WarmStartIntervalSeconds);
        var last = _lastWarmed.GetOrAdd(name, long.MinValue);
        if ((last != long.MinValue && timeProvider.GetElapsedTime(last, now) < interval)
            || !_lastWarmed.TryUpdate(name, now, last))
        {
            return false; // warmed recently, or someone else is warming it right now
        }

        LogWarming(logger, name);
        await warmable.WarmUpAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Warm start: opening the connection to provider {Provider}")]
    private static partial void LogWarming(ILogger logger, string provider);
}
