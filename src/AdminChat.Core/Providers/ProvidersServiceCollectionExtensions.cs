using AdminChat.Core.Modes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Providers;

public static class ProvidersServiceCollectionExtensions
{
    /// <summary>The operating mode, the configured providers (by name, in fallback order) and the model catalog.</summary>
    public static IServiceCollection AddChatProviders(this IServiceCollection services)
    {
        services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<LlmOptions>, LlmOptionsSetup>();
        services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => OperatingMode.Resolve(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));

        services.AddSingleton(sp => ChatProviderSet.Create(
            sp.GetRequiredService<IOptions<LlmOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ChatModelCatalog(sp.GetRequiredService<ChatProviderSet>().PickerProviders));
        return services;
    }
}
