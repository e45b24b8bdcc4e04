using AdminChat.Tests.Fakes;
using Microsoft.Playwright;

namespace AdminChat.Tests.Browser;

/// <summary>
/// Auto routing as the person sees it, over two fake providers: "cheap" plays Nano and Fast, "strong" plays Smart and
/// Genius, with the fallback between providers off so only the router moves between tiers.
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
[Trait("Category", "Browser")]
public sealed class RoutingBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Long = new() { Timeout = 30_000 };
    private FakeOpenAIServer _cheap = default!;
    private FakeOpenAIServer _strong = default!;
    private AppProcess _app = default!;

    public async Task InitializeAsync()
    {
        _cheap = await FakeOpenAIServer.StartAsync(new FakeOpenAIBehavior { Tokens = ["Cheap", " answer."] });
        _strong = await FakeOpenAIServer.StartAsync(new FakeOpenAIBehavior { Tokens = ["Strong", " answer."] });
        _app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ENABLE_INTELLIGENT_ROUTING"] = "true",
            ["AdminChat__Llm__Providers__0__Name"] = "cheap",
            ["AdminChat__Llm__Providers__0__BaseUrl"] = _cheap.BaseUrl.ToString(),
            ["AdminChat__Llm__Providers__0__ApiKey"] = "sk-cheap-0123456789abcdef",
            ["AdminChat__Llm__Providers__0__Models__0"] = "fake/nano",
            ["AdminChat__Llm__Providers__1__Name"] = "strong",
            ["AdminChat__Llm__Providers__1__BaseUrl"] = _strong.BaseUrl.ToString(),
            ["AdminChat__Llm__Providers__1__ApiKey"] = "sk-strong-0123456789abcdef",
            ["AdminChat__Llm__Providers__1__Models__0"] = "fake/smart",
            ["AdminChat__Routing__Nano__Provider"] = "cheap",
            ["AdminChat__Routing__Fast__Provider"] = "cheap",
            ["AdminChat__Routing__Smart__Provider"] = "strong",
            ["AdminChat__Routing__Genius__Provider"] = "strong",
            ["NANO_MODEL"] = "fake/nano",
            ["FAST_MODEL"] = "fake/fast",
            ["SMART_MODEL"] = "fake/smart",
            ["GENIUS_MODEL"] = "fake/genius",
            ["AdminChat__Resilience__Fallback"] = "false",
            ["AdminChat__Resilience__MaxRetries"] = "0",
            ["AdminChat__Resilience__BreakerMinimumThroughput"] = "100",
            ["LLM_DAILY_BUDGET"] = "5",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _cheap.DisposeAsync();
        await _strong.DisposeAsync();
    }

    [Fact]
    public async Task Ask_AutoShortQuestion_AnswerShowsTierReasonAndCostAndSpendMoves()
    {
        var chat = await OpenAsync();

        await chat.AskAsync("hello");

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", Long);
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-message-text")).ToHaveTextAsync("Cheap answer.");
        var reason = chat.LastAssistant.GetByTestId("routing-reason");
        await Assertions.Expect(reason).ToHaveAttributeAsync("data-tier", "Nano");
        await Assertions.Expect(reason).ToHaveTextAsync("Routed to Nano: greeting");
        await Assertions.Expect(chat.LastAssistant.GetByTestId("answer-cost")).ToContainTextAsync("$");
        await Assertions.Expect(chat.LastAssistant.GetByTestId("answer-cost")).ToHaveAttributeAsync("data-estimated", "false");
        Assert.Equal("fake/nano", _cheap.Requests[^1].Body.RootElement.GetProperty("model").GetString());
        await Assertions.Expect(chat.Page.GetByTestId("budget-spend")).ToContainTextAsync("of $5.00", new() { Timeout = 30_000 });
        await Assertions.Expect(chat.Page.GetByTestId("budget-spend")).Not.ToHaveAttributeAsync("data-spent", "0", Long);
        await Assertions.Expect(chat.Page.GetByTestId("savings-card")).ToBeVisibleAsync();

        await chat.AskAsync("write a SQL query that lists users who never logged in");

        await Assertions.Expect(chat.Assistant).ToHaveCountAsync(2);
        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", Long);
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-message-text")).ToHaveTextAsync("Strong answer.");
        await Assertions.Expect(chat.LastAssistant.GetByTestId("routing-reason")).ToHaveAttributeAsync("data-tier", "Smart");
    }

    [Fact]
    public async Task Ask_ChosenTierFails_AnswerSaysItEscalatedAndWhy()
    {
        _cheap.Behavior = new FakeOpenAIBehavior { FailWithStatus = 500 };
        var chat = await OpenAsync();

        await chat.AskAsync("hello");

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", Long);
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-message-text")).ToHaveTextAsync("Strong answer.");
        var escalations = chat.LastAssistant.GetByTestId("routing-escalated");
        await Assertions.Expect(escalations).ToHaveCountAsync(2);
        await Assertions.Expect(escalations.Nth(0)).ToHaveTextAsync("Escalated from Nano to Fast: its provider failed");
        await Assertions.Expect(escalations.Nth(1)).ToHaveAttributeAsync("data-to", "Smart");
    }

    [Fact]
    public async Task Ask_BudgetSetToZero_RefusedWithResetTimeUntilAnAdminRaisesIt()
    {
        var chat = await OpenAsync();
        await chat.Page.GetByTestId("budget-input").FillAsync("0");
        await chat.Page.GetByTestId("budget-save").ClickAsync();
        await Assertions.Expect(chat.Page.GetByTestId("budget-spend")).ToHaveAttributeAsync("data-budget", "0");

        await chat.AskAsync("hello");

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "error", Long);
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-error")).ToContainTextAsync("daily budget for AI answers is used up");
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-error")).ToContainTextAsync("UTC");
        Assert.Empty(_cheap.Requests);

        await chat.Page.GetByTestId("budget-input").FillAsync("10");
        await chat.Page.GetByTestId("budget-save").ClickAsync();
        await Assertions.Expect(chat.Page.GetByTestId("budget-spend")).ToHaveAttributeAsync("data-budget", "10");
        await chat.AskAsync("hello again");

        await Assertions.Expect(chat.Assistant).ToHaveCountAsync(2);
        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", Long);
    }

    private async Task<ChatPage> OpenAsync()
    {
        var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(_app);
        return chat;
    }
}
