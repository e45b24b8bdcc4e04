using System.Text.RegularExpressions;
using AdminChat.Tests.Core.Storage;
using AdminChat.Tests.Fakes;
using AdminChat.Tests.Web.Accounts;
using Microsoft.Playwright;

namespace AdminChat.Tests.Browser;

[Collection(BrowserTestsDefinition.Name)]
[Trait("Category", "Browser")]
public sealed partial class ConversationHistoryTests(BrowserFixture browser)
{
    [Fact]
    public Task Restart_MidStreamOnSqlite_ReloadShowsPartialAnswerInterruptedAndContinueFinishesIt() =>
        RestartMidStreamAsync(new Dictionary<string, string>());

    [Fact]
    public async Task Restart_MidStreamOnPostgres_ReloadShowsPartialAnswerInterruptedAndContinueFinishesIt()
    {
        await using var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        await RestartMidStreamAsync(new Dictionary<string, string>
        {
            ["AdminChat__Storage__Provider"] = "Postgres",
            ["AdminChat__Storage__ConnectionString"] = database.ConnectionString,
        });
    }

    private async Task RestartMidStreamAsync(Dictionary<string, string> storage)
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>(storage)
        {
            ["AdminChat__Llm__Provider"] = "Simulated",
            ["AdminChat__Llm__Simulated__TimeToFirstTokenMs"] = "50",
            ["AdminChat__Llm__Simulated__TokensPerSecond"] = "25",
        });
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(app);

        await chat.AskAsync("Give me a long, detailed answer about monitoring");
        await chat.Page.WaitForURLAsync(ConversationUrl());
        // "Step 2" comes seconds after "Step 1": by then the answer has been saved at least once.
        await Assertions.Expect(chat.LastAssistant).ToContainTextAsync("Step 2", new() { Timeout = 30_000 });

        await app.StopAsync(); // killed, as in a crash: nothing gets a chance to flush on the way down
        await app.StartAgainAsync();
        await chat.Page.ReloadAsync();
        if (chat.Page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            await ChatPage.SignInAsync(chat.Page, app.AdminEmail!, app.AdminPassword!);
        }

        await chat.WaitUntilConnectedAsync();
        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "interrupted");
        await Assertions.Expect(chat.LastAssistant.GetByTestId("chat-interrupted")).ToBeVisibleAsync();
        var kept = await chat.LastAssistant.GetByTestId("chat-message-text").TextContentAsync() ?? "";
        Assert.Contains("Step 1", kept, StringComparison.Ordinal);
        Assert.DoesNotContain("simulated model", kept, StringComparison.Ordinal);

        await chat.LastAssistant.GetByTestId("chat-continue").ClickAsync();

        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 90_000 });
        var finished = await chat.LastAssistant.GetByTestId("chat-message-text").TextContentAsync() ?? "";
        Assert.Contains("simulated model", finished, StringComparison.Ordinal);
        Assert.Single(StepOne().Matches(finished));
        await Assertions.Expect(chat.Assistant).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task ConversationUrl_OtherAdminOrUnknownId_ShowsNotFoundAndNothingOfIt()
    {
        await using var app = await AppProcess.StartAsync();
        await using var ownerContext = await browser.Browser.NewContextAsync();
        var owner = new ChatPage(await ownerContext.NewPageAsync());
        await owner.OpenAsync(app);
        await owner.AskAsync("Owner's private question about payroll");
        await owner.Page.WaitForURLAsync(ConversationUrl());
        var url = owner.Page.Url;

        const string otherEmail = "other.admin@adminchat.test";
        await TestUsers.CreateAsync(app, otherEmail, isAdmin: true);
        await using var otherContext = await browser.Browser.NewContextAsync();
        var other = new ChatPage(await otherContext.NewPageAsync());
        await other.OpenAsync(app.BaseUrl, otherEmail, TestUsers.Password);
        await Assertions.Expect(other.Page.GetByTestId("conversation-item")).ToHaveCountAsync(0);

        await other.Page.GotoAsync(url);
        await Assertions.Expect(other.Page.Locator("h1")).ToHaveTextAsync("Page not found");
        await Assertions.Expect(other.Page.Locator("body")).Not.ToContainTextAsync("payroll");

        using var client = new AccountClient(app.BaseUrl);
        await client.SignInOrFailAsync(otherEmail, TestUsers.Password);
        using var foreign = await client.GetPageAsync(new Uri(url).AbsolutePath);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, foreign.StatusCode);
        using var unknown = await client.GetPageAsync($"/admin/dashboard/{Guid.NewGuid()}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Ask_SecondQuestion_ModelGetsEarlierTurnsAndOverlongQuestionIsRefusedBeforeAnyCall()
    {
        await using var provider = await FakeOpenAIServer.StartAsync();
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["AdminChat__Llm__Provider"] = "OpenAICompatible",
            ["AdminChat__Llm__BaseUrl"] = provider.BaseUrl.ToString(),
            ["AdminChat__Llm__Models__0"] = "fake/model",
            ["AdminChat__Chat__MaxMessageLength"] = "60",
        });
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(app);

        await chat.AskAsync("First question");
        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });
        await chat.AskAsync("Second question");
        await Assertions.Expect(chat.Assistant.Nth(1)).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });

        var second = provider.Requests[^1].Body.RootElement.GetProperty("messages");
        var contents = second.EnumerateArray().Select(m => m.GetProperty("content").GetString()).ToList();
        Assert.Equal(["First question", "Hello from the fake provider.", "Second question"], contents);

        var tooLong = new string('x', 61);
        await chat.Input.FillAsync(tooLong);
        await chat.Input.PressAsync("Enter");
        await Assertions.Expect(chat.Page.GetByTestId("chat-input-error")).ToContainTextAsync("61 characters long; the limit is 60");
        Assert.Equal(2, provider.Requests.Count);
        await Assertions.Expect(chat.Page.GetByTestId("chat-message")).ToHaveCountAsync(4);
        Assert.Equal(tooLong, await chat.Input.InputValueAsync()); // nothing the person typed is lost
    }

    [Fact]
    public async Task Sidebar_NewRenameSearchDelete_ListsOnlyWhatIsLeft()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["AdminChat__Llm__Simulated__TimeToFirstTokenMs"] = "0",
            ["AdminChat__Llm__Simulated__TokensPerSecond"] = "2000",
        });
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(app);
        var items = chat.Page.GetByTestId("conversation-item");

        await chat.AskAsync("How is the nightly backup doing?");
        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });
        await chat.Page.GetByTestId("conversation-new").ClickAsync();
        await Assertions.Expect(chat.Page.GetByTestId("chat-message")).ToHaveCountAsync(0);
        await chat.AskAsync("ما هو حال الخوادم اليوم؟");
        await Assertions.Expect(chat.LastAssistant).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });

        await Assertions.Expect(items).ToHaveCountAsync(2);
        await Assertions.Expect(items.First).ToContainTextAsync("ما هو حال الخوادم اليوم؟"); // newest first

        await items.Nth(1).HoverAsync();
        await items.Nth(1).GetByTestId("conversation-rename").ClickAsync();
        await chat.Page.GetByTestId("conversation-rename-input").FillAsync("Backups");
        await chat.Page.GetByTestId("conversation-rename-save").ClickAsync();
        await Assertions.Expect(items.Nth(1)).ToContainTextAsync("Backups");

        await chat.Page.GetByTestId("conversation-search").FillAsync("nightly");
        await Assertions.Expect(items).ToHaveCountAsync(1);
        await Assertions.Expect(items.First).ToContainTextAsync("Backups");
        await chat.Page.GetByTestId("conversation-search").FillAsync("");
        await Assertions.Expect(items).ToHaveCountAsync(2);

        await items.First.HoverAsync();
        await items.First.GetByTestId("conversation-delete").ClickAsync();
        await chat.Page.GetByTestId("conversation-delete-confirm").ClickAsync();
        await Assertions.Expect(items).ToHaveCountAsync(1);
        await Assertions.Expect(items.First).ToContainTextAsync("Backups");
    }

    private static Regex ConversationUrl() => ConversationUrlPattern();

    [GeneratedRegex(@"/admin/dashboard/[0-9a-f-]{36}$")]
    private static partial Regex ConversationUrlPattern();

    [GeneratedRegex("Step 1:")]
    private static partial Regex StepOne();
}
