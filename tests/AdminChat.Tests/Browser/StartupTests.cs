using AdminChat.Tests.Web.Accounts;

namespace AdminChat.Tests.Browser;

[Trait("Category", "Process")]
public sealed class StartupTests
{
    [Fact]
    public async Task Start_ProductionWithoutProviderOrAllowMock_RefusesWithBilingualInstructions()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["OPENROUTER_API_KEY"] = "",
            ["OPENAI_API_KEY"] = "",
        }));

        Assert.Contains("not allowed in Production", failure.Message, StringComparison.Ordinal);
        Assert.Contains("النموذج المحاكى غير مسموح به", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ALLOW_MOCK_LLM", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ProductionWithAllowMockLlm_ServesDashboard()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ALLOW_MOCK_LLM"] = "true",
        });

        using var client = new AccountClient(app.BaseUrl);
        await client.SignInOrFailAsync(app.AdminEmail!, app.AdminPassword!);
        using var dashboard = await client.GetPageAsync("admin/dashboard");
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"chat-input\"", html, StringComparison.Ordinal);
        using var script = await client.GetApiAsync("_framework/blazor.web.js");
        Assert.True(script.IsSuccessStatusCode, $"blazor.web.js answered {(int)script.StatusCode}");
    }
}
