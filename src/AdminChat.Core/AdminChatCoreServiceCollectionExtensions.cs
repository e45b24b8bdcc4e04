using AdminChat.Core.Conversations;
using AdminChat.Core.Diagnostics;
using AdminChat.Core.Experiments;
using AdminChat.Core.Hybrid;
using AdminChat.Core.Markdown;
using AdminChat.Core.Metrics;
using AdminChat.Core.Providers;
using AdminChat.Core.Resilience;
using AdminChat.Core.Routing;
using AdminChat.Core.Storage;
using AdminChat.Core.Streaming;
using Microsoft.Extensions.DependencyInjection;

namespace AdminChat.Core;

public static class AdminChatCoreServiceCollectionExtensions
{
    /// <summary>Everything AdminChat's logic needs, one feature at a time.</summary>
    public static IServiceCollection AddAdminChatCore(this IServiceCollection services) => services
        .AddChatProviders()
        .AddIntelligentRouting()
        .AddChatResilience()
        .AddChatStreaming()
        .AddHybridStreaming()
        .AddMarkdownRendering()
        .AddStorage()
        .AddConversations()
        .AddDiagnostics()
        .AddPerformanceMetrics()
        .AddExperiments();
}
