using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdminChat.Core.Streaming;

public static class StreamingServiceCollectionExtensions
{
    public static IServiceCollection AddChatStreaming(this IServiceCollection services)
    {
        services.AddOptions<StreamingOptions>()
            .BindConfiguration(StreamingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RecentStreamRecords>();
        services.AddSingleton<IStreamRecordSink>(sp => sp.GetRequiredService<RecentStreamRecords>());
        services.AddScoped<AdminChatStreamingService>();
        return services;
    }
}
