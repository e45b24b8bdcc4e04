using AdminChat.Core.Providers;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Routing;

/// <summary>A tier as it will be asked: provider, model id, prices and limits.</summary>
public sealed record TierModel(ModelTier Tier, string Provider, string Model, bool Simulated, TierOptions Options);

/// <summary>Resolves each tier to the provider and model that play it; finds the tier a picked model belongs to.</summary>
public sealed class TierCatalog
{
    public TierCatalog(IOptions<RoutingOptions> routing, IOptions<LlmOptions> llm)
    {
        Options = routing.Value;
        var providers = llm.Value.Providers;
        Tiers = [.. Enum.GetValues<ModelTier>().Select(tier =>
        {
            var options = Options.For(tier);
            var provider = ProviderFor(options, providers)
                ?? throw new InvalidOperationException(
                    $"{RoutingOptions.Section}:{tier}:Provider is '{options.Provider}', which is not a configured provider.");
            return new TierModel(tier, provider.Name, ModelFor(tier, options, provider),
                provider.Kind == LlmProviderKind.Simulated, options);
        })];
    }

    public RoutingOptions Options { get; }

    /// <summary>Every tier, Nano first.</summary>
    public IReadOnlyList<TierModel> Tiers { get; }

    public TierModel this[ModelTier tier] => Tiers[(int)tier];

    /// <summary>The tier whose model this is (the cheapest when several share it), or null for a model outside the tiers.</summary>
    public TierModel? FindByModel(string? model) =>
        Tiers.FirstOrDefault(t => string.Equals(t.Model, model, StringComparison.Ordinal));

    internal static LlmProviderOptions? ProviderFor(TierOptions tier, IReadOnlyList<LlmProviderOptions> providers) =>
        string.IsNullOrWhiteSpace(tier.Provider)
            ? (providers.Count > 0 ? providers[0] : null)
            : providers.FirstOrDefault(p => string.Equals(p.Name, tier.Provider, StringComparison.OrdinalIgnoreCase));

    internal static string ModelFor(ModelTier tier, TierOptions options, LlmProviderOptions provider) =>
        provider.Kind == LlmProviderKind.Simulated ? RoutingOptions.SimulatedModelFor(tier) : options.Model;
}
