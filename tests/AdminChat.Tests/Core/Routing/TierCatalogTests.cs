using AdminChat.Core.Providers;
using AdminChat.Core.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AdminChat.Tests.Core.Routing;

public sealed class TierCatalogTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void PostConfigure_ModelVariables_OverrideTierModelsAndBudget()
    {
        var options = new RoutingOptions();

        new RoutingOptionsSetup(Config(("NANO_MODEL", "openai/gpt-4.1-nano"), ("GENIUS_MODEL", "openai/o1"), ("LLM_DAILY_BUDGET", "12.50")))
            .PostConfigure(null, options);

        Assert.Equal("openai/gpt-4.1-nano", options.Nano.Model);
        Assert.Equal("anthropic/claude-3.5-sonnet", options.Smart.Model);
        Assert.Equal("openai/o1", options.Genius.Model);
        Assert.Equal(12.50m, options.DailyBudget);
    }

    [Fact]
    public void PostConfigure_BudgetNotANumber_FailsNamingTheVariable()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            new RoutingOptionsSetup(Config(("LLM_DAILY_BUDGET", "five"))).PostConfigure(null, new RoutingOptions()));

        Assert.Contains("LLM_DAILY_BUDGET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TierModelsSetup_SimulatedPrimary_PlaysEveryTierAtItsOwnSpeed()
    {
        var routing = new RoutingOptions();
        var llm = new LlmOptions
        {
            Providers = [new LlmProviderOptions { Name = "simulated", Kind = LlmProviderKind.Simulated, Models = ["simulated-model"] }],
        };

        new TierModelsSetup(Options.Create(routing)).PostConfigure(null, llm);
        var catalog = new TierCatalog(Options.Create(routing), Options.Create(llm));

        Assert.Equal(["simulated-model", "simulated-nano", "simulated-fast", "simulated-smart", "simulated-genius"], llm.Providers[0].Models);
        Assert.Equal("simulated-genius", catalog[ModelTier.Genius].Model);
        Assert.True(catalog[ModelTier.Genius].Simulated);
        Assert.True(llm.Simulated.Speeds["simulated-nano"].TokensPerSecond > llm.Simulated.Speeds["simulated-genius"].TokensPerSecond);
    }

    [Fact]
    public void TierModelsSetup_NamedProvider_AddsTheTierModelToItsList()
    {
        var routing = new RoutingOptions();
        routing.Smart.Provider = "openrouter";
        var llm = new LlmOptions
        {
            Providers =
            [
                new LlmProviderOptions { Name = "openai", Models = ["gpt-4o-mini"] },
                new LlmProviderOptions { Name = "openrouter", Models = ["x/y"] },
            ],
        };

        new TierModelsSetup(Options.Create(routing)).PostConfigure(null, llm);
        var catalog = new TierCatalog(Options.Create(routing), Options.Create(llm));

        Assert.Contains("anthropic/claude-3.5-sonnet", llm.Providers[1].Models);
        Assert.Equal("openrouter", catalog[ModelTier.Smart].Provider);
        Assert.Equal("openai", catalog[ModelTier.Nano].Provider);
        Assert.Equal(ModelTier.Smart, catalog.FindByModel("anthropic/claude-3.5-sonnet")?.Tier);
    }
}
