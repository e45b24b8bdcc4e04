using AdminChat.Core.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Routing;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>Model tiers (and the simulated model playing them), the classifier's router, costs and the daily budget.</summary>
    public static IServiceCollection AddIntelligentRouting(this IServiceCollection services)
    {
        services.AddOptions<RoutingOptions>()
            .BindConfiguration(RoutingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<RoutingOptions>, RoutingOptionsSetup>();
        // After the providers' own setup (registered by AddChatProviders), which fills the provider list.
        services.AddSingleton<IPostConfigureOptions<LlmOptions>, TierModelsSetup>();
        services.AddSingleton<TierCatalog>();
        services.AddSingleton<CostCalculator>();
        services.AddSingleton<BudgetLedger>();
        services.AddScoped<IntelligentRouter>();
        services.AddSingleton<BudgetStore>();
        services.AddHostedService<BudgetStartup>();
        return services;
    }
}
