using AdminChat.Core.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace AdminChat.Tests.Core.Providers;

public sealed class LlmOptionsTests
{
    private static LlmOptions PostConfigure(string environment, IDictionary<string, string?> settings, LlmOptions? options = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        options ??= new LlmOptions();
        new LlmOptionsSetup(configuration, new TestHostEnvironment(environment)).PostConfigure(Microsoft.Extensions.Options.Options.DefaultName, options);
        return options;
    }

    [Fact]
    public void Validate_SimulatedWithoutPermission_FailsWithBilingualMessageNamingTheSettings()
    {
        var options = new LlmOptions { Provider = LlmProviderKind.Simulated, AllowMockLlm = false };

        var result = new LlmOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var message = result.FailureMessage;
        Assert.Contains("not allowed in Production", message, StringComparison.Ordinal);
        Assert.Contains("غير مسموح", message, StringComparison.Ordinal);
        Assert.Contains(message, c => c is >= '\u0600' and <= '\u06FF');
        Assert.Contains("OPENROUTER_API_KEY", message, StringComparison.Ordinal);
        Assert.Contains("ALLOW_MOCK_LLM", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AutoWithoutKeyAndNoPermission_Fails()
    {
        var result = new LlmOptionsValidator().Validate(null, new LlmOptions { AllowMockLlm = null });

        Assert.True(result.Failed);
        Assert.Contains("ALLOW_MOCK_LLM", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SimulatedAllowed_Succeeds()
    {
        var result = new LlmOptionsValidator().Validate(null, new LlmOptions { Provider = LlmProviderKind.Simulated, AllowMockLlm = true });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Validate_OpenAICompatibleWithBadBaseUrl_Fails()
    {
        var options = new LlmOptions { Provider = LlmProviderKind.OpenAICompatible, BaseUrl = "ftp://example.com", Models = ["m"] };

        var result = new LlmOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("BaseUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void PostConfigure_OpenRouterKey_SetsKeyAndOpenRouterBaseUrl()
    {
        var options = PostConfigure(Environments.Production, new Dictionary<string, string?> { ["OPENROUTER_API_KEY"] = "sk-or-v1-abc" });

        Assert.Equal("sk-or-v1-abc", options.ApiKey);
        Assert.Equal("https://openrouter.ai/api/v1", options.BaseUrl);
        Assert.Equal(LlmProviderKind.OpenAICompatible, options.EffectiveProvider);
        Assert.NotEmpty(options.Models);
    }

    [Fact]
    public void PostConfigure_OpenAIKey_SetsKeyAndOpenAIBaseUrl()
    {
        var options = PostConfigure(Environments.Production, new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-openai" });

        Assert.Equal("sk-openai", options.ApiKey);
        Assert.Equal("https://api.openai.com/v1", options.BaseUrl);
    }

    [Fact]
    public void PostConfigure_BothKeys_OpenRouterWins()
    {
        var options = PostConfigure(Environments.Production, new Dictionary<string, string?>
        {
            ["OPENROUTER_API_KEY"] = "sk-or-v1-abc",
            ["OPENAI_API_KEY"] = "sk-openai",
        });

        Assert.Equal("sk-or-v1-abc", options.ApiKey);
    }

    [Fact]
    public void PostConfigure_ConfiguredKeyAndBaseUrl_NotOverridden()
    {
        var configured = new LlmOptions { ApiKey = "configured", BaseUrl = "http://localhost:11434/v1" };

        var options = PostConfigure(Environments.Production, new Dictionary<string, string?> { ["OPENROUTER_API_KEY"] = "sk-or-v1-abc" }, configured);

        Assert.Equal("configured", options.ApiKey);
        Assert.Equal("http://localhost:11434/v1", options.BaseUrl);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("True", true)]
    public void PostConfigure_AllowMockLlmVariable_Applied(string value, bool expected)
    {
        var options = PostConfigure(Environments.Production, new Dictionary<string, string?> { ["ALLOW_MOCK_LLM"] = value });

        Assert.Equal(expected, options.AllowMockLlm);
    }

    [Fact]
    public void PostConfigure_AllowMockLlmFalseInDevelopment_Applied()
    {
        var options = PostConfigure(Environments.Development, new Dictionary<string, string?> { ["ALLOW_MOCK_LLM"] = "false" });

        Assert.False(options.AllowMockLlm);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    public void PostConfigure_AllowMockLlmUnset_DefaultsToDevelopmentOnly(string environment, bool expected)
    {
        var options = PostConfigure(environment, new Dictionary<string, string?>());

        Assert.Equal(expected, options.AllowMockLlm);
    }

    [Fact]
    public void PostConfigure_SingleProviderSettings_BecomeOneNamedProvider()
    {
        var options = PostConfigure(Environments.Production, new Dictionary<string, string?> { ["OPENROUTER_API_KEY"] = "sk-or-v1-abc" });

        var provider = Assert.Single(options.Providers);
        Assert.Equal("openrouter", provider.Name);
        Assert.Equal(LlmProviderKind.OpenAICompatible, provider.Kind);
        Assert.Equal("sk-or-v1-abc", provider.ApiKey);
        Assert.False(options.ProvidersConfigured);
    }

    [Fact]
    public void PostConfigure_BothKeys_OpenAIDirectlyIsTheFallback()
    {
        var options = PostConfigure(Environments.Production, new Dictionary<string, string?>
        {
            ["OPENROUTER_API_KEY"] = "sk-or-v1-abc",
            ["OPENAI_API_KEY"] = "sk-openai",
        });

        Assert.Equal(["openrouter", "openai"], options.Providers.Select(p => p.Name));
        Assert.Equal("sk-openai", options.Providers[1].ApiKey);
        Assert.Equal(["gpt-4o-mini"], options.Providers[1].Models);
    }

    [Fact]
    public void PostConfigure_ProvidersList_KeysFromWellKnownVariablesAndDefaultModels()
    {
        var configured = new LlmOptions
        {
            Providers =
            [
                new LlmProviderOptions { Name = "router", BaseUrl = "https://openrouter.ai/api/v1" },
                new LlmProviderOptions { Name = "local", BaseUrl = "http://localhost:11434/v1", Models = ["llama3"] },
            ],
        };

        var options = PostConfigure(Environments.Production, new Dictionary<string, string?> { ["OPENROUTER_API_KEY"] = "sk-or-v1-abc" }, configured);

        Assert.True(options.ProvidersConfigured);
        Assert.Equal("sk-or-v1-abc", options.Providers[0].ApiKey);
        Assert.Equal(["openai/gpt-4o-mini"], options.Providers[0].Models);
        Assert.Null(options.Providers[1].ApiKey);
        Assert.True(new LlmOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_ProvidersListWithProblems_EachNamesItsSetting()
    {
        var configured = new LlmOptions
        {
            Providers =
            [
                new LlmProviderOptions { Name = "router", BaseUrl = "https://openrouter.ai/api/v1" },
                new LlmProviderOptions { Name = "router", BaseUrl = "not a url", Models = ["m"] },
                new LlmProviderOptions { Name = "sim", Kind = LlmProviderKind.Simulated },
            ],
        };
        var options = PostConfigure(Environments.Production, new Dictionary<string, string?>(), configured);

        var result = new LlmOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("AdminChat:Llm:Providers:0 ('router') has no key: set OPENROUTER_API_KEY", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("AdminChat:Llm:Providers:1:BaseUrl must be an absolute http(s) URL", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("AdminChat:Llm:Providers:2 ('sim') is the simulated model", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("more than one provider named 'router'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public void PostConfigure_SimulatedFallback_JoinsTheChainOnlyWhereAllowed(string environment, bool joins)
    {
        var configured = new LlmOptions { SimulatedFallback = true };

        var options = PostConfigure(environment, new Dictionary<string, string?> { ["OPENROUTER_API_KEY"] = "sk-or-v1-abc" }, configured);

        Assert.Equal(joins, options.Providers.Any(p => p.Kind == LlmProviderKind.Simulated && p.FallbackOnly));
        var result = new LlmOptionsValidator().Validate(null, options);
        Assert.Equal(joins, result.Succeeded);
        if (!joins)
        {
            Assert.Contains("AdminChat:Llm:SimulatedFallback", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Mask_LongSecret_ShowsPrefixAndSuffixOnly()
    {
        Assert.Equal("sk-or-v...cdef", SecretMask.Mask("sk-or-v1-0123456789abcdef"));
    }

    [Fact]
    public void MaskKeysIn_ProviderMessageEchoingKeys_MasksEachKey()
    {
        var masked = SecretMask.MaskKeysIn("Incorrect API key provided: sk-proj-0123456789abcdef. Header was Bearer abcdefghijklmnop.");

        Assert.DoesNotContain("0123456789abcdef", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijklmnop", masked, StringComparison.Ordinal);
        Assert.Contains("sk-proj...cdef", masked, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("short-key")]
    [InlineData("twelve-chars")]
    public void Mask_ShortSecret_NothingRevealed(string secret)
    {
        var masked = SecretMask.Mask(secret);

        Assert.Equal(secret.Length, masked.Length);
        Assert.All(masked, c => Assert.Equal('*', c));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Mask_Empty_NotSet(string? secret)
    {
        Assert.Equal("(not set)", SecretMask.Mask(secret));
    }

    private sealed class TestHostEnvironment(string environmentName) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = environmentName;

        public string ApplicationName { get; set; } = "AdminChat.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
