using AdminChat.Tests.Fakes;
using Microsoft.Playwright;

namespace AdminChat.Tests.Browser;

/// <summary>The whole path a real deployment takes: browser → circuit → OpenAI SDK → HTTP → an OpenAI-compatible server.</summary>
[Collection(BrowserTestsDefinition.Name)]
[Trait("Category", "Browser")]
public sealed class FakeProviderChatTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Model = "fake/model-a";
    private FakeOpenAIServer _provider = default!;
    private AppProcess _app = default!;

    public async Task InitializeAsync()
    {
        _provider = await FakeOpenAIServer.StartAsync();
        _app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["AdminChat__Llm__Provider"] = "OpenAICompatible",
            ["AdminChat__Llm__BaseUrl"] = _provider.BaseUrl.ToString(),
            ["AdminChat__Llm__ApiKey"] = "sk-test-0123456789abcdef",
            ["AdminChat__Llm__Models__0"] = Model,
            ["AdminChat__Llm__Models__1"] = "fake/model-b",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task Ask_OpenAICompatibleServer_TokensStreamIntoPageWithUsage()
    {
        // 80 ms a token: each chunk reaches the page in its own frame, even on a busy machine. Faster, SignalR may
        // carry two render batches in one WebSocket message, the browser applies them in one task, and the observer
        // sees one change.
        _provider.Behavior = FakeOpenAIBehavior.LongAnswer(60, TimeSpan.FromMilliseconds(80)) with
        {
            TimeToFirstToken = TimeSpan.FromMilliseconds(100),
        };
        var chat = await OpenAsync();
        await chat.StartRecordingAsync();

        await chat.AskAsync("Stream sixty words, please");

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });
        var updates = await chat.UpdatesAsync();
        var words = updates.Select(u => ChatPage.CountWords(u.Text)).ToList();
        Assert.True(updates.Count >= 10, $"expected many DOM updates, saw {updates.Count}");
        Assert.All(words.Zip(words.Skip(1), (a, b) => b - a).Prepend(words[0]), step => Assert.InRange(step, 0, 3));
        Assert.Equal(string.Concat(_provider.Behavior.Tokens).Trim(), updates[^1].Text.Trim());

        await Assertions.Expect(chat.LastAssistant.Locator(".model")).ToHaveTextAsync(Model);
        await Assertions.Expect(chat.LastAssistant.GetByTestId("simulated-label")).ToHaveCountAsync(0);
        await Assertions.Expect(chat.Page.GetByTestId("stats-tokens")).ToHaveTextAsync("4 / 60");
        var request = Assert.Single(_provider.Requests);
        Assert.Equal("Bearer sk-test-0123456789abcdef", request.Authorization);
        Assert.Equal(Model, request.Body.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Ask_AnswerWithHtmlAndScriptLinks_ShowsThemAsTextAndRunsNothing()
    {
        _provider.Behavior = new FakeOpenAIBehavior
        {
            Tokens =
            [
                "Look: <script>window.__xss = 1</script>", " and <img src=x onerror=\"window.__xss = 2\">",
                " and [click me](javascript:window.__xss=3) done.",
            ],
        };
        var chat = await OpenAsync();

        await chat.AskAsync("Show me some HTML");

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });
        var body = chat.LastAssistant.GetByTestId("chat-message-text");
        await Assertions.Expect(body).ToContainTextAsync("<script>window.__xss = 1</script>");
        await Assertions.Expect(body).ToContainTextAsync("<img src=x onerror=");
        await Assertions.Expect(body.Locator("script, img")).ToHaveCountAsync(0);
        var href = await body.Locator("a").GetAttributeAsync("href");
        Assert.DoesNotContain("javascript", href ?? "", StringComparison.OrdinalIgnoreCase);
        await body.Locator("a").ClickAsync();
        Assert.Equal("undefined", await chat.Page.EvaluateAsync<string>("() => typeof window.__xss"));
    }

    [Fact]
    public async Task Ask_ProviderRejectsKey_ShowsInlineErrorAndRetrySucceeds()
    {
        _provider.Behavior = new FakeOpenAIBehavior { FailWithStatus = 401 };
        var chat = await OpenAsync();

        await chat.AskAsync("Hello?");

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "error", new() { Timeout = 30_000 });
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-error")).ToContainTextAsync("rejected the API key (401)");
        await Assertions.Expect(chat.Page.Locator("body")).Not.ToContainTextAsync("sk-test-0123456789abcdef");

        _provider.Behavior = new FakeOpenAIBehavior();
        await chat.LastAssistant.GetByTestId("chat-retry").ClickAsync();

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-message-text")).ToHaveTextAsync("Hello from the fake provider.");
        await Assertions.Expect(chat.Assistant).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Ask_ConnectionDropsMidStream_KeepsReceivedTextMarkedPartial()
    {
        _provider.Behavior = FakeOpenAIBehavior.LongAnswer(40, TimeSpan.FromMilliseconds(10)) with { DropConnectionAfterTokens = 12 };
        var chat = await OpenAsync();

        await chat.AskAsync("Tell me something long");

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "error", new() { Timeout = 30_000 });
        var kept = await chat.LastAssistant.GetByTestId("chat-message-text").TextContentAsync() ?? "";
        Assert.Equal(string.Concat(_provider.Behavior.Tokens.Take(12)).Trim(), kept.Trim());
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-error")).ToContainTextAsync("cut off");
    }

    [Fact]
    public async Task Ask_InArabicCulture_ErrorIsShownInArabic()
    {
        _provider.Behavior = new FakeOpenAIBehavior { FailWithStatus = 429 };
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(_app);
        await chat.Page.GotoAsync(new Uri(_app.BaseUrl, "culture?culture=ar&returnUrl=/admin/dashboard").ToString());
        await chat.WaitUntilConnectedAsync();

        await chat.AskAsync("مرحبا");

        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-error")).ToContainTextAsync("يحدّ من عدد الطلبات (429)", new() { Timeout = 30_000 });
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-retry")).ToContainTextAsync("إعادة المحاولة");
    }

    private async Task<ChatPage> OpenAsync()
    {
        var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(_app);
        return chat;
    }
}
