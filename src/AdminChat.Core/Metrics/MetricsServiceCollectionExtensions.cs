using AdminChat.Core.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdminChat.Core.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>The performance panel's back end: the recorder (a stream-record sink and a background writer) and the queries.</summary>
    public static IServiceCollection AddPerformanceMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.ExcellentBelowMs < o.GoodBelowMs && o.GoodBelowMs < o.AcceptableBelowMs,
                "AdminChat:Metrics: ExcellentBelowMs < GoodBelowMs < AcceptableBelowMs is required.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MetricsRecorder>();
        services.AddSingleton<IStreamRecordSink>(sp => sp.GetRequiredService<MetricsRecorder>());
        services.AddHostedService(sp => sp.GetRequiredService<MetricsRecorder>());
        services.AddSingleton<MetricsService>();
        return services;
    }
}
