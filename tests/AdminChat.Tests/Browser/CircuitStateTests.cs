using Microsoft.Playwright;

namespace AdminChat.Tests.Browser;

[Collection(BrowserTestsDefinition.Name)]
[Trait("Category", "Browser")]
public sealed class CircuitStateTests(BrowserFixture browser)
{
    [Fact]
    public async Task Badge_ServerStopsAndRestarts_ShowsReconnectingThenDisconnectedAndReloadRecovers()
    {
        await using var app = await AppProcess.StartAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(app);
        await Assertions.Expect(chat.Badge).ToContainTextAsync("Streaming enabled");

        await app.StopAsync();
        await Assertions.Expect(chat.Badge).ToHaveAttributeAsync("data-state", "reconnecting", new() { Timeout = 15_000 });
        await Assertions.Expect(chat.Page.Locator(".reconnect-show-text")).ToBeVisibleAsync();

        // The restarted server does not know the old circuit, so the script's next attempt is rejected.
        await app.StartAgainAsync();
        await Assertions.Expect(chat.Badge).ToHaveAttributeAsync("data-state", "disconnected", new() { Timeout = 60_000 });
        var reload = chat.Page.Locator("button.reconnect-rejected-text");
        await Assertions.Expect(reload).ToBeVisibleAsync();

        await reload.ClickAsync();
        await Assertions.Expect(chat.Badge).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 20_000 });
        await Assertions.Expect(chat.Page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync();
    }

    [Fact]
    public async Task Page_ArabicCulture_IsRightToLeftWithArabicText()
    {
        await using var app = await AppProcess.StartAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(app);

        await chat.Page.GetByTestId("language-ar").ClickAsync();

        await Assertions.Expect(chat.Page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Assertions.Expect(chat.Page.Locator("html")).ToHaveAttributeAsync("lang", "ar");
        await Assertions.Expect(chat.Badge).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 20_000 });
        await Assertions.Expect(chat.Badge).ToContainTextAsync("البث مفعّل");
        await Assertions.Expect(chat.Send).ToContainTextAsync("إرسال");
    }
}
