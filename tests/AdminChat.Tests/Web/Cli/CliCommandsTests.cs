using AdminChat.Tests.Fakes;

namespace AdminChat.Tests.Web.Cli;

[Trait("Category", "Process")]
public sealed class CliCommandsTests
{
    private const string OpenRouterKey = "sk-or-v1-0123456789abcdef";
    private const string OpenAIKey = "sk-proj-zyxwvutsrqpo9876";

    [Fact]
    public async Task Status_BothWellKnownKeys_ShowsModeMaskedKeysFallbackChainDatabaseAndBudget()
    {
        var result = await CliProcess.RunAsync(new Dictionary<string, string>
        {
            ["OPENROUTER_API_KEY"] = OpenRouterKey,
            ["OPENAI_API_KEY"] = OpenAIKey,
            ["ENABLE_HYBRID_STREAMING"] = "false",
        }, "status");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Mode:        Production (simulated model allowed: no, intelligent routing: on, hybrid streaming: off)", result.Output, StringComparison.Ordinal);
        Assert.Contains("sk-or-v...cdef", result.Output, StringComparison.Ordinal);
        Assert.Contains("sk-proj...9876", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(OpenRouterKey, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(OpenAIKey, result.Output, StringComparison.Ordinal);
        var lines = result.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("openrouter", StringComparison.Ordinal) && l.Contains("openai/gpt-4o-mini", StringComparison.Ordinal) && l.TrimEnd().EndsWith("primary", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("https://api.openai.com/v1", StringComparison.Ordinal) && l.TrimEnd().EndsWith("fallback", StringComparison.Ordinal));
        Assert.Contains("Database:    SQLite in", result.Output, StringComparison.Ordinal);
        Assert.Contains("Budget:      not configured", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OneWorkingAndOneUnreachableProvider_TableShowsEachAndExitCodeIsOne()
    {
        await using var fake = await FakeOpenAIServer.StartAsync();
        var result = await CliProcess.RunAsync(new Dictionary<string, string>
        {
            ["AdminChat__Llm__Providers__0__Name"] = "local",
            ["AdminChat__Llm__Providers__0__BaseUrl"] = fake.BaseUrl.ToString(),
            ["AdminChat__Llm__Providers__0__ApiKey"] = "sk-local-0123456789",
            ["AdminChat__Llm__Providers__0__Models__0"] = "fake/model-a",
            ["AdminChat__Llm__Providers__1__Name"] = "dead",
            ["AdminChat__Llm__Providers__1__BaseUrl"] = "http://127.0.0.1:9/v1",
            ["AdminChat__Llm__Providers__1__Models__0"] = "m",
        }, "verify");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Configuration: OK", result.Output, StringComparison.Ordinal);
        var lines = result.Output.Split('\n');
        Assert.Contains(lines, l => l.TrimStart().StartsWith("local", StringComparison.Ordinal) && l.Contains(" OK ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("dead", StringComparison.Ordinal) && l.Contains("FAILED", StringComparison.Ordinal)
            && l.Contains("NetworkUnreachable", StringComparison.Ordinal));
        var request = Assert.Single(fake.Requests);
        Assert.Equal("fake/model-a", request.Body.RootElement.GetProperty("model").GetString());
        Assert.DoesNotContain("sk-local-0123456789", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BadSettings_ListsEachNamingTheSettingAndExitCodeIsOne()
    {
        var result = await CliProcess.RunAsync(new Dictionary<string, string>
        {
            ["ALLOW_MOCK_LLM"] = "true",
            ["LLM_MAX_RETRIES"] = "lots",
            ["AdminChat__Resilience__IdleTimeoutSeconds"] = "900",
            ["AdminChat__Resilience__TotalTimeoutSeconds"] = "60",
        }, "verify");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Configuration: INVALID", result.Output, StringComparison.Ordinal);
        Assert.Contains("LLM_MAX_RETRIES is 'lots'", result.Output, StringComparison.Ordinal);
        Assert.Contains("AdminChat:Resilience:IdleTimeoutSeconds (900) must not exceed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nginx_TwoUpstreams_ServerBlockWithUpgradeLongTimeoutsNoBufferingAndStickySessions()
    {
        var result = await CliProcess.RunAsync(new Dictionary<string, string>(),
            "nginx", "--server-name", "chat.example.org", "--upstream", "10.0.0.1:5000", "--upstream", "10.0.0.2:5000");

        Assert.Equal(0, result.ExitCode);
        var config = result.Output;
        Assert.Contains("server_name chat.example.org;", config, StringComparison.Ordinal);
        Assert.Contains("server 10.0.0.1:5000;", config, StringComparison.Ordinal);
        Assert.Contains("server 10.0.0.2:5000;", config, StringComparison.Ordinal);
        Assert.Contains("ip_hash;", config, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", config, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Connection $connection_upgrade;", config, StringComparison.Ordinal);
        Assert.Contains("proxy_http_version 1.1;", config, StringComparison.Ordinal);
        Assert.Contains("proxy_buffering off;", config, StringComparison.Ordinal);
        Assert.Contains("proxy_read_timeout 3600s;", config, StringComparison.Ordinal);
        Assert.Equal(config.Count(c => c == '{'), config.Count(c => c == '}'));
    }

    [Fact]
    public async Task Verify_UnknownMode_RefusesNamingTheSetting()
    {
        var result = await CliProcess.RunAsync(new Dictionary<string, string> { ["AdminChat__Mode"] = "Turbo" }, "verify");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("AdminChat:Mode is 'Turbo'; use Production, Development or Standard.", result.Output, StringComparison.Ordinal);
    }
}
