using AdminChat.Tests.Fakes;
using Microsoft.Playwright;

namespace AdminChat.Tests.Browser;

/// <summary>Hybrid streaming seen from the page: the response cache, its per-message bypass, and Standard mode without it.</summary>
[Collection(BrowserTestsDefinition.Name)]
[Trait("Category", "Browser")]
public sealed class HybridStreamingBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private FakeOpenAIServer _provider = default!;

    public async Task InitializeAsync() => _provider = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    private Task<AppProcess> StartAppAsync(string mode) => AppProcess.StartAsync(new Dictionary<string, string>
    {
        ["AdminChat__Mode"] = mode,
        ["AdminChat__Llm__Provider"] = "OpenAICompatible",
        ["AdminChat__Llm__BaseUrl"] = _provider.BaseUrl.ToString(),
        ["AdminChat__Llm__ApiKey"] = "sk-test-0123456789abcdef",
        ["AdminChat__Llm__Models__0"] = "fake/model-a",
    });

    private static async Task AskInNewConversationAsync(ChatPage chat, string question)
    {
        await chat.Page.GetByTestId("conversation-new").ClickAsync();
        await Assertions.Expect(chat.Assistant).ToHaveCountAsync(0);
        await chat.AskAsync(question);
        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var waited = 0; !condition(); waited += 50)
        {
            Assert.True(waited < 20_000, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Type_InProduction_ProviderConnectionOpenedBeforeSendAndReused()
    {
        await using var app = await StartAppAsync("Production");
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(app);

        await chat.Input.PressSequentiallyAsync("What changed in the billing export?");
        await WaitForAsync(() => _provider.ModelListRequests.Count == 1, "the warm-start request");
        Assert.Empty(_provider.Requests); // typing asked the model nothing

        await chat.Input.PressAsync("Enter");
        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });
        Assert.Equal(_provider.ModelListRequests[0].ConnectionId, Assert.Single(_provider.Requests).ConnectionId);
    }

    [Fact]
    public async Task Ask_SameQuestionTwiceInProduction_SecondIsCachedUnlessFreshAnswerChosen()
    {
        await using var app = await StartAppAsync("Production");
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(app);

        await AskInNewConversationAsync(chat, "How busy is the queue?");
        await Assertions.Expect(chat.LastAssistant.GetByTestId("answer-cached")).ToHaveCountAsync(0);
        var first = await chat.LastAssistant.GetByTestId("chat-message-text").InnerTextAsync();

        await AskInNewConversationAsync(chat, "  how busy is   the QUEUE? ");
        await Assertions.Expect(chat.LastAssistant.GetByTestId("answer-cached")).ToBeVisibleAsync();
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-message-text")).ToHaveTextAsync(first);
        Assert.Single(_provider.Requests);

        await chat.Page.GetByTestId("conversation-new").ClickAsync();
        await chat.Page.GetByTestId("cache-bypass").CheckAsync();
        await chat.AskAsync("How busy is the queue?");
        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });
        await Assertions.Expect(chat.LastAssistant.GetByTestId("answer-cached")).ToHaveCountAsync(0);
        Assert.Equal(2, _provider.Requests.Count);
        await Assertions.Expect(chat.Page.GetByTestId("cache-bypass")).Not.ToBeCheckedAsync(); // per message only

        // The quality monitor scored the model from the two answers it produced (the cached one says nothing about it).
        await chat.Page.GotoAsync(new Uri(app.BaseUrl, "admin/metrics").ToString());
        var score = chat.Page.GetByTestId("quality-scores").GetByTestId("quality-score");
        await Assertions.Expect(score).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(score).ToHaveAttributeAsync("data-model", "fake/model-a");
        await Assertions.Expect(score).ToHaveAttributeAsync("data-degraded", "false");
    }

    [Fact]
    public async Task Ask_SameQuestionTwiceInStandard_NoCacheAndNoToggle()
    {
        await using var app = await StartAppAsync("Standard");
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(app);

        await AskInNewConversationAsync(chat, "How busy is the queue?");
        await AskInNewConversationAsync(chat, "How busy is the queue?");

        await Assertions.Expect(chat.LastAssistant.GetByTestId("answer-cached")).ToHaveCountAsync(0);
        await Assertions.Expect(chat.Page.GetByTestId("cache-bypass")).ToHaveCountAsync(0);
        Assert.Equal(2, _provider.Requests.Count(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)));

        await chat.Page.GotoAsync(new Uri(app.BaseUrl, "admin/metrics").ToString());
        await Assertions.Expect(chat.Page.GetByTestId("quality-scores")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(chat.Page.GetByTestId("quality-score")).ToHaveCountAsync(0);
        Assert.Empty(_provider.ModelListRequests); // no warm start either
    }
}
