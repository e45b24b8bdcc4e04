using System.Text.Json;
using AdminChat.Tests.Fakes;
using Microsoft.Playwright;

namespace AdminChat.Tests.Browser;

/// <summary>
/// Faults injected at two fake providers ("primary" first, "backup" its fallback), seen where the person sees
/// them: the answer, its message, its Continue button, the served-by line, the providers page and readiness.
/// </summary>
[Collection(BrowserTestsDefinition.Name)]
[Trait("Category", "Browser")]
public sealed class ResilienceBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Long = new() { Timeout = 30_000 };
    private FakeOpenAIServer _primary = default!;
    private FakeOpenAIServer _backup = default!;
    private AppProcess _app = default!;

    public async Task InitializeAsync()
    {
        _primary = await FakeOpenAIServer.StartAsync();
        _backup = await FakeOpenAIServer.StartAsync(new FakeOpenAIBehavior { Tokens = ["Answer", " from", " the", " backup."] });
        _app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["AdminChat__Llm__Providers__0__Name"] = "primary",
            ["AdminChat__Llm__Providers__0__BaseUrl"] = _primary.BaseUrl.ToString(),
            ["AdminChat__Llm__Providers__0__ApiKey"] = "sk-primary-0123456789abcdef",
            ["AdminChat__Llm__Providers__0__Models__0"] = "fake/model-a",
            ["AdminChat__Llm__Providers__1__Name"] = "backup",
            ["AdminChat__Llm__Providers__1__BaseUrl"] = _backup.BaseUrl.ToString(),
            ["AdminChat__Llm__Providers__1__ApiKey"] = "sk-backup-0123456789abcdef",
            ["AdminChat__Llm__Providers__1__Models__0"] = "fake/backup",
            ["AdminChat__Resilience__MaxRetries"] = "0",
            ["AdminChat__Resilience__FirstTokenTimeoutSeconds"] = "2",
            ["AdminChat__Resilience__IdleTimeoutSeconds"] = "1",
            ["AdminChat__Resilience__BreakerMinimumThroughput"] = "3",
            ["AdminChat__Resilience__BreakerBreakSeconds"] = "600",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _primary.DisposeAsync();
        await _backup.DisposeAsync();
    }

    [Fact]
    public async Task Ask_SilenceMidStream_KeepsPartialAnswerAndContinueCompletesItWithoutRepeating()
    {
        _primary.Behavior = FakeOpenAIBehavior.LongAnswer(10, TimeSpan.FromMilliseconds(20)) with { SilenceAfterTokens = 4 };
        var chat = await OpenAsync();

        await chat.AskAsync("Tell me ten words");

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "error", Long);
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-message-text")).ToHaveTextAsync("word0 word1 word2 word3");
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-error")).ToContainTextAsync("did not answer in time");
        Assert.Empty(_backup.Requests); // text had reached the person: no fallback, no retry
        Assert.Single(_primary.Requests);

        _primary.Behavior = new FakeOpenAIBehavior { Tokens = [" word4", " word5"] };
        await chat.LastAssistant.GetByTestId("chat-continue").ClickAsync();

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", Long);
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-message-text")).ToHaveTextAsync("word0 word1 word2 word3 word4 word5");
        await Assertions.Expect(chat.Assistant).ToHaveCountAsync(1);
        var continued = _primary.Requests[^1].Body.RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Contains("word0 word1 word2 word3", continued[^2].GetProperty("content").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_NoFirstToken_BackupAnswersAndTheAnswerSaysItFellBack()
    {
        _primary.Behavior = new FakeOpenAIBehavior { TimeToFirstToken = TimeSpan.FromSeconds(60) };
        var chat = await OpenAsync();

        await chat.AskAsync("Anyone there?");

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", Long);
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-message-text")).ToHaveTextAsync("Answer from the backup.");
        var servedBy = chat.LastAssistant.GetByTestId("served-by");
        await Assertions.Expect(servedBy).ToHaveAttributeAsync("data-provider", "backup");
        await Assertions.Expect(servedBy).ToHaveAttributeAsync("data-fell-back", "true");
        await Assertions.Expect(servedBy).ToContainTextAsync("via backup");
        await Assertions.Expect(servedBy).ToContainTextAsync("primary could not answer");
    }

    [Fact]
    public async Task Ask_RateLimitedWithLongRetryAfterOnBoth_MessageGivesTheWaitAndNoKeyIsShown()
    {
        _primary.Behavior = new FakeOpenAIBehavior { FailWithStatus = 429, RetryAfter = "120" };
        _backup.Behavior = new FakeOpenAIBehavior { FailWithStatus = 429, RetryAfter = "90" };
        var chat = await OpenAsync();

        await chat.AskAsync("Hello?");

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "error", Long);
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-error")).ToContainTextAsync("asked us to wait 90 seconds");
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-retry")).ToBeVisibleAsync();
        await Assertions.Expect(chat.Page.Locator("body")).Not.ToContainTextAsync("sk-primary");
        await Assertions.Expect(chat.Page.Locator("body")).Not.ToContainTextAsync("Fake provider error");
    }

    [Fact]
    public async Task ProvidersPage_PrimaryKeepsFailing_ShowsOpenCircuitWhileBackupServesAndReadinessStaysUp()
    {
        _primary.Behavior = new FakeOpenAIBehavior { FailWithStatus = 500 };
        var chat = await OpenAsync();
        for (var i = 0; i < 4; i++)
        {
            await chat.AskAsync($"Question {i}");
            await Assertions.Expect(chat.Assistant).ToHaveCountAsync(i + 1);
            await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", Long);
            await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-message-text")).ToHaveTextAsync("Answer from the backup.");
        }

        Assert.Equal(3, _primary.Requests.Count); // the fourth question skipped the open circuit

        await chat.Page.GotoAsync(new Uri(_app.BaseUrl, "admin/providers").ToString());
        var rows = chat.Page.GetByTestId("provider-row");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-status", "open");
        await Assertions.Expect(rows.Nth(0).GetByTestId("provider-status")).ToHaveTextAsync("open circuit");
        await Assertions.Expect(rows.Nth(1)).ToHaveAttributeAsync("data-status", "healthy");

        using var http = new HttpClient { BaseAddress = _app.BaseUrl };
        using var ready = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
        Assert.True(ready.IsSuccessStatusCode, $"ready answered {(int)ready.StatusCode}");
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("reachable", json.RootElement.GetProperty("database").GetString());
        var providers = json.RootElement.GetProperty("providers").EnumerateArray().ToList();
        Assert.Equal("open", providers[0].GetProperty("status").GetString());
        Assert.Equal("Open", providers[0].GetProperty("circuit").GetString());
        Assert.Equal("healthy", providers[1].GetProperty("status").GetString());
    }

    private async Task<ChatPage> OpenAsync()
    {
        var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(_app);
        return chat;
    }
}
