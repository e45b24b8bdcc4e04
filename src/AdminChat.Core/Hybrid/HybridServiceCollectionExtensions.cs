using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdminChat.Core.Hybrid;

public static class HybridServiceCollectionExtensions
{
    /// <summary>Response cache, adaptive chunking, quality monitor and warm start (used only when hybrid streaming is on).</summary>
    public static IServiceCollection AddHybridStreaming(this IServiceCollection services)
    {
        services.AddOptions<HybridOptions>()
            .BindConfiguration(HybridOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ResponseCache>();
        services.AddSingleton<HybridStreaming>();
        // TryAdd: routing registers its own target (a classifier) with AddSingleton, and it wins whatever the order.
        services.TryAddSingleton<IWarmStartTarget, SelectedModelWarmStartTarget>();
        services.AddSingleton<WarmStarter>();
        services.AddSingleton<ModelQualityMonitor>();
        services.AddSingleton<IModelQualityMonitor>(sp => sp.GetRequiredService<ModelQualityMonitor>());
        services.AddSingleton<AdminChat.Core.Streaming.IStreamRecordSink>(sp => sp.GetRequiredService<ModelQualityMonitor>());
        return services;
    }
}
