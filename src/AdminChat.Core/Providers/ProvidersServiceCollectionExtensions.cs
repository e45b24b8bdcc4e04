using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Providers;

public static class ProvidersServiceCollectionExtensions
{
    /// <summary>The configured model provider (OpenAI-compatible or simulated) and the model catalog.</summary>
    public static IServiceCollection AddChatProviders(this IServiceCollection services)
    {
        services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<LlmOptions>, LlmOptionsSetup>();
        services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<IChatModelProvider>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            return options.EffectiveProvider == LlmProviderKind.OpenAICompatible
                ? new OpenAICompatibleProvider(
                    ProviderNameFor(options.BaseUrl),
                    new Uri(options.BaseUrl ?? LlmOptionsSetup.OpenAIBaseUrl),
                    options.ApiKey,
                    options.Models,
                    options.ExtraHeaders,
                    TimeSpan.FromSeconds(options.RequestTimeoutSeconds))
                : new SimulatedChatProvider(options.Simulated, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<ChatModelCatalog>();
        return services;
    }

    private static string ProviderNameFor(string? baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri.Host switch
        {
            "openrouter.ai" => "openrouter",
            "api.openai.com" => "openai",
            _ => uri.Authority,
        } : "openai";
}
