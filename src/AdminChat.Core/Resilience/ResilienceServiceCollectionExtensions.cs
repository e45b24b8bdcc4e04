using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Resilience;

public static class ResilienceServiceCollectionExtensions
{
    /// <summary>Retries, circuit breakers, timeouts and the fallback chain around the configured providers.</summary>
    public static IServiceCollection AddChatResilience(this IServiceCollection services)
    {
        services.AddOptions<ResilienceOptions>()
            .BindConfiguration(ResilienceOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ResilienceOptionsSetup>();
        services.AddSingleton<IPostConfigureOptions<ResilienceOptions>>(sp => sp.GetRequiredService<ResilienceOptionsSetup>());
        services.AddSingleton<IValidateOptions<ResilienceOptions>>(sp => sp.GetRequiredService<ResilienceOptionsSetup>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ResilientChatClient>();
        return services;
    }
}
