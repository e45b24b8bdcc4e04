using Microsoft.Playwright;

namespace AdminChat.Tests.Browser;

/// <summary>Without any key, the simulated model plays every tier: Auto routing, reason and cost work end to end.</summary>
[Collection(BrowserTestsDefinition.Name)]
[Trait("Category", "Browser")]
public sealed class SimulatedRoutingBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Long = new() { Timeout = 30_000 };
    private AppProcess _app = default!;

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync(new Dictionary<string, string>
    {
        ["ENABLE_INTELLIGENT_ROUTING"] = "true",
        ["AdminChat__Llm__Simulated__TokensPerSecond"] = "400",
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Ask_AutoWithSimulatedModel_PlaysTheRoutedTierWithReasonAndCost()
    {
        var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(_app);

        await chat.AskAsync("compare role-based and attribute-based access control and explain the trade-offs");

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", Long);
        await Assertions.Expect(chat.LastAssistant.GetByTestId("routing-reason")).ToHaveAttributeAsync("data-tier", "Smart");
        await Assertions.Expect(chat.LastAssistant.GetByTestId("routing-reason")).ToContainTextAsync("Routed to Smart: analysis or comparison");
        await Assertions.Expect(chat.LastAssistant.Locator(".model")).ToHaveTextAsync("simulated-smart");
        await Assertions.Expect(chat.LastAssistant.GetByTestId("answer-cost")).ToContainTextAsync("$");
        await Assertions.Expect(chat.Page.GetByTestId("budget-spend")).ToContainTextAsync("no daily budget");
    }
}
