using System.Globalization;
using AdminChat.Core.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Routing;

/// <summary>NANO_MODEL, FAST_MODEL, SMART_MODEL, GENIUS_MODEL and LLM_DAILY_BUDGET override the bound section.</summary>
public sealed class RoutingOptionsSetup(IConfiguration configuration) : IPostConfigureOptions<RoutingOptions>
{
    public const string DailyBudgetKey = "LLM_DAILY_BUDGET";

    public void PostConfigure(string? name, RoutingOptions options)
    {
        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            var key = tier.ToString().ToUpperInvariant() + "_MODEL";
            if (configuration[key] is { Length: > 0 } model)
            {
                options.For(tier).Model = model.Trim();
            }
        }

        if (configuration[DailyBudgetKey] is { Length: > 0 } budget)
        {
            options.DailyBudget = decimal.TryParse(budget, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new OptionsValidationException(RoutingOptions.Section, typeof(RoutingOptions),
                    [$"{DailyBudgetKey} is '{budget}'; use an amount in US dollars such as 5 or 12.50."]);
        }
    }
}

/// <summary>
/// Makes every tier's model servable: adds it to its provider's model list (otherwise the resilient client would
/// swap in the provider's first model), and gives the simulated provider a model and a speed per tier.
/// </summary>
public sealed class TierModelsSetup(IOptions<RoutingOptions> routing) : IPostConfigureOptions<LlmOptions>
{
    public void PostConfigure(string? name, LlmOptions options)
    {
        if (options.Providers.Count == 0)
        {
            return;
        }

        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            var tierOptions = routing.Value.For(tier);
            var provider = TierCatalog.ProviderFor(tierOptions, options.Providers);
            if (provider is null)
            {
                continue;
            }

            var model = TierCatalog.ModelFor(tier, tierOptions, provider);
            if (!provider.Models.Contains(model, StringComparer.Ordinal))
            {
                provider.Models.Add(model);
            }

            if (provider.Kind == LlmProviderKind.Simulated)
            {
                options.Simulated.Speeds[model] = new SimulatedSpeed(tierOptions.SimulatedTimeToFirstTokenMs,
                    tierOptions.SimulatedTokensPerSecond);
            }
        }
    }
}
