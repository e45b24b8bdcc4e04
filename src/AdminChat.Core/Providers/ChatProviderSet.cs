namespace AdminChat.Core.Providers;

/// <summary>A configured provider and where it may serve.</summary>
public sealed record ConfiguredProvider(IChatModelProvider Provider, LlmProviderOptions Options)
{
    public string Name => Provider.Name;

    /// <summary>Its models are offered in the picker; false for a provider that is only a fallback.</summary>
    public bool InPicker => !Options.FallbackOnly;
}

/// <summary>
/// Every configured provider by name, in configured order: the first is the primary, the others the fallback
/// chain. Later features (model tiers) address providers through <see cref="Find"/>.
/// </summary>
public sealed class ChatProviderSet
{
    public ChatProviderSet(IEnumerable<ConfiguredProvider> providers)
    {
        All = [.. providers];
        if (All.Count == 0)
        {
            throw new InvalidOperationException("No chat model provider is configured (AdminChat:Llm).");
        }
    }

    public IReadOnlyList<ConfiguredProvider> All { get; }

    public IEnumerable<IChatModelProvider> PickerProviders => All.Where(p => p.InPicker).Select(p => p.Provider);

    public ConfiguredProvider? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The provider asked first, then every other one in configured order.</summary>
    public IReadOnlyList<ConfiguredProvider> ChainFor(string providerName)
    {
        var first = Find(providerName) ?? All[0];
        return [first, .. All.Where(p => p != first)];
    }

    /// <summary>Builds the providers that <paramref name="options"/> (after post-configuration) lists.</summary>
    public static ChatProviderSet Create(LlmOptions options, TimeProvider timeProvider) => new(options.Providers.Select(p =>
        new ConfiguredProvider(p.Kind == LlmProviderKind.Simulated
            ? new SimulatedChatProvider(
                new SimulatedModelOptions
                {
                    TimeToFirstTokenMs = options.Simulated.TimeToFirstTokenMs,
                    TokensPerSecond = options.Simulated.TokensPerSecond,
                    Models = p.Models,
                    Speeds = options.Simulated.Speeds,
                },
                timeProvider,
                p.Name)
            : new OpenAICompatibleProvider(p.Name, new Uri(p.BaseUrl!), p.ApiKey, p.Models, p.ExtraHeaders,
                TimeSpan.FromSeconds(options.RequestTimeoutSeconds), timeProvider),
            p)));
}
