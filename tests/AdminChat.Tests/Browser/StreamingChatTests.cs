using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AdminChat.Tests.Browser;

[Collection(BrowserTestsDefinition.Name)]
[Trait("Category", "Browser")]
public sealed class StreamingChatTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private const int SimulatedTtftMs = 250;
    private AppProcess _app = default!;

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync(new Dictionary<string, string>
    {
        ["AdminChat__Llm__Provider"] = "Simulated",
        ["AdminChat__Llm__Simulated__TimeToFirstTokenMs"] = SimulatedTtftMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["AdminChat__Llm__Simulated__TokensPerSecond"] = "25",
    });

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        output.WriteLine(_app.Output);
    }

    [Fact]
    public async Task Ask_SimulatedModel_AnswerStreamsInSeveralUpdatesOfAtMostThreeWords()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(_app);
        await chat.StartRecordingAsync();

        await chat.AskAsync("How do I check the latency of our models?");

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 60_000 });
        var updates = await chat.UpdatesAsync();
        var words = updates.Select(u => ChatPage.CountWords(u.Text)).ToList();
        var steps = words.Zip(words.Skip(1), (before, after) => after - before).Prepend(words[0]).ToList();

        Assert.True(updates.Count >= 10, $"expected the answer in many DOM updates, saw {updates.Count}");
        Assert.All(steps, step => Assert.InRange(step, 0, 3));
        Assert.Contains("simulated model", updates[^1].Text, StringComparison.Ordinal);
        await Assertions.Expect(chat.LastAssistant.GetByTestId("simulated-label")).ToBeVisibleAsync();
        await Assertions.Expect(chat.Input).ToBeEnabledAsync();

        var sentAt = await chat.SentAtAsync();
        Assert.NotNull(sentAt);
        output.WriteLine($"Time to first visible text: {updates[0].At - sentAt.Value:F0} ms (simulated TTFT {SimulatedTtftMs} ms); "
            + $"{updates.Count} DOM updates; largest step {steps.Max()} words");
    }

    [Fact]
    public async Task Stop_LongAnswerMidStream_KeepsTextMarkedStoppedAndStopsGrowing()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(_app);

        await chat.AskAsync("Give me a long, detailed answer about monitoring");
        await Assertions.Expect(chat.Input).ToBeDisabledAsync();
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-message-text")).ToContainTextAsync("Step 1", new() { Timeout = 20_000 });
        await chat.Stop.ClickAsync();

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "stopped");
        var kept = await chat.LastAssistant.GetByTestId("chat-message-text").TextContentAsync();
        Assert.False(string.IsNullOrWhiteSpace(kept));
        Assert.DoesNotContain("simulated model", kept, StringComparison.Ordinal); // the answer's last line never arrived
        await Assertions.Expect(chat.Send).ToBeVisibleAsync();
        await Assertions.Expect(chat.Input).ToBeEnabledAsync();

        // Long enough for several more tokens at 25 tokens/s had the provider not been cancelled.
        await chat.Page.WaitForTimeoutAsync(1_000);
        Assert.Equal(kept, await chat.LastAssistant.GetByTestId("chat-message-text").TextContentAsync());
    }

    [Fact]
    public async Task Scroll_WhileStreaming_FollowsUntilPersonScrollsUp()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1200, Height = 700 } });
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(_app);
        var log = chat.Page.GetByTestId("chat-messages");
        const string distanceFromBottom = "el => el.scrollHeight - el.scrollTop - el.clientHeight";

        await chat.AskAsync("Give me a long, detailed answer about monitoring");
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-message-text")).ToContainTextAsync("Step 2", new() { Timeout = 30_000 });
        Assert.True(await log.EvaluateAsync<double>("el => el.scrollHeight - el.clientHeight") > 100, "the answer should overflow the log");
        Assert.InRange(await log.EvaluateAsync<double>(distanceFromBottom), 0, 48);

        await log.EvaluateAsync("el => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); }");
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-message-text")).ToContainTextAsync("Step 3", new() { Timeout = 30_000 });
        Assert.Equal(0, await log.EvaluateAsync<double>("el => el.scrollTop"));
        await chat.Stop.ClickAsync();
    }

    [Fact]
    public async Task Enter_RightAfterPaste_SendsBeforeSendButtonIsEnabled()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(_app);

        // Text and Enter in one browser task: the server cannot have re-rendered the Send button in between.
        await chat.Input.EvaluateAsync("""
            el => {
              el.value = 'Pasted and sent at once';
              el.dispatchEvent(new Event('input', { bubbles: true }));
              el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
            }
            """);

        await Assertions.Expect(chat.Page.Locator("[data-testid=chat-message][data-role=user]")).ToContainTextAsync("Pasted and sent at once");
        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 60_000 });
    }

    [Fact]
    public async Task ShiftEnter_InComposer_AddsLineWithoutSending()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(_app);

        await chat.Input.FillAsync("first line");
        await chat.Input.PressAsync("Shift+Enter");
        await chat.Input.PressSequentiallyAsync("second line");

        Assert.Equal("first line\nsecond line", await chat.Input.InputValueAsync());
        await Assertions.Expect(chat.Page.GetByTestId("chat-message")).ToHaveCountAsync(0);
        await Assertions.Expect(chat.Send).ToBeEnabledAsync();
    }
}
