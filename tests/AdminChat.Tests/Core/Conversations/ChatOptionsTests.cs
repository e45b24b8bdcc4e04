using AdminChat.Core;
using AdminChat.Core.Conversations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AdminChat.Tests.Core.Conversations;

public sealed class ChatOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddConversations().BuildServiceProvider();
    }

    [Fact]
    public void AddConversations_NoSettings_Defaults()
    {
        using var services = Services([]);

        var options = services.GetRequiredService<IOptions<ChatOptions>>().Value;

        Assert.Equal(8000, options.MaxMessageLength);
        Assert.Equal(8000, options.ContextBudgetTokens);
        Assert.Null(options.SystemPrompt);
    }

    [Fact]
    public void AddConversations_Settings_Bound()
    {
        using var services = Services(new()
        {
            ["AdminChat:Chat:MaxMessageLength"] = "500",
            ["AdminChat:Chat:ContextBudgetTokens"] = "4096",
            ["AdminChat:Chat:SystemPrompt"] = "You help administrators.",
        });

        var options = services.GetRequiredService<IOptions<ChatOptions>>().Value;

        Assert.Equal(500, options.MaxMessageLength);
        Assert.Equal(4096, options.ContextBudgetTokens);
        Assert.Equal("You help administrators.", options.SystemPrompt);
    }

    [Theory]
    [InlineData("AdminChat:Chat:MaxMessageLength", "0")]
    [InlineData("AdminChat:Chat:MaxMessageLength", "200001")]
    [InlineData("AdminChat:Chat:ContextBudgetTokens", "255")]
    [InlineData("AdminChat:Chat:ContextBudgetTokens", "2000001")]
    public void AddConversations_OutOfRange_ValidationFailsNamingTheSetting(string key, string value)
    {
        using var services = Services(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ChatOptions>>().Value);

        Assert.Contains(key.Split(':')[^1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddConversations_InvalidSettings_HostRefusesToStart()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AdminChat:Chat:ContextBudgetTokens"] = "1" });
        builder.Services.AddConversations();
        using var host = builder.Build();

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Fact]
    public void AddAdminChatCore_ChatOptions_Registered()
    {
        var services = new ServiceCollection().AddAdminChatCore();

        Assert.Contains(services, d => d.ServiceType == typeof(IValidateOptions<ChatOptions>));
    }
}
