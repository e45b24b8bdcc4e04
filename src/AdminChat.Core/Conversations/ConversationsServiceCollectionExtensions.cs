using Microsoft.Extensions.DependencyInjection;

namespace AdminChat.Core.Conversations;

public static class ConversationsServiceCollectionExtensions
{
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddOptions<ChatOptions>()
            .BindConfiguration(ChatOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
