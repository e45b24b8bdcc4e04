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
    public void Mask_LongSecret_ShowsPrefixAndSuffixOnly()
    {
        Assert.Equal("sk-or-v...cdef", SecretMask.Mask("sk-or-v1-0123456789abcdef"));
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
