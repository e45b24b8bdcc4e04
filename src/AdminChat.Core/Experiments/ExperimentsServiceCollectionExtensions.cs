using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdminChat.Core.Experiments;

public static class ExperimentsServiceCollectionExtensions
{
    /// <summary>Experiments: the store, per-user assignment and the results.</summary>
    public static IServiceCollection AddExperiments(this IServiceCollection services)
    {
        services.AddOptions<ExperimentsOptions>()
            .BindConfiguration(ExperimentsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ExperimentStore>();
        services.AddSingleton<ExperimentAssignment>();
        services.AddSingleton<ExperimentReports>();
        return services;
    }
}
