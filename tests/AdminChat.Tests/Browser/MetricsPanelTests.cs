using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AdminChat.Tests.Browser;

[Collection(BrowserTestsDefinition.Name)]
[Trait("Category", "Browser")]
public sealed class MetricsPanelTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveTextOptions Live = new() { Timeout = 30_000 };
    private AppProcess _app = default!;

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync(AppProcess.FastSimulatedModel);

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        output.WriteLine(_app.Output);
    }

    [Fact]
    public async Task OpenPanel_AfterChatting_ShowsPercentilesChartsAndUpdatesLive()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(_app);
        for (var i = 1; i <= 3; i++)
        {
            await chat.AskAndWaitAsync($"Question number {i}", i);
        }

        // The browser reported what the person waited for the last answer; it is shown beside the server figure.
        await Assertions.Expect(chat.Page.GetByTestId("stats-perceived-ttft")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d"), Live);

        await chat.Page.GetByTestId("metrics-open").ClickAsync();
        var panel = chat.Page.GetByTestId("metrics-panel");
        var requests = panel.GetByTestId("metrics-requests-value");
        await Assertions.Expect(requests).ToHaveTextAsync("3", Live);
        foreach (var p in new[] { "p50", "p95", "p99" })
        {
            await Assertions.Expect(panel.GetByTestId($"metrics-{p}-value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d[\d,]* ms$"));
        }

        // Radzen draws the charts as SVG: lines for the percentiles, bars for the categories.
        await Assertions.Expect(panel.GetByTestId("metrics-chart-latency").Locator("svg path").First).ToBeAttachedAsync();
        await Assertions.Expect(panel.GetByTestId("metrics-categories").Locator("svg path").First).ToBeAttachedAsync();
        await Assertions.Expect(panel.GetByTestId("metrics-categories")).ToContainTextAsync("500");
        await Assertions.Expect(panel.GetByTestId("metrics-suggestion")).ToContainTextAsync("3");
        var before = await panel.GetByTestId("metrics-chart-latency").InnerHTMLAsync();

        // One more answer: the open panel updates by itself, without reloading the page.
        await chat.Page.EvaluateAsync("() => window.__notReloaded = true");
        await chat.AskAndWaitAsync("One more question", 4);

        await Assertions.Expect(requests).ToHaveTextAsync("4", Live);
        Assert.True(await chat.Page.EvaluateAsync<bool>("() => window.__notReloaded === true"));
        var after = await panel.GetByTestId("metrics-chart-latency").InnerHTMLAsync();
        output.WriteLine($"P50 {await panel.GetByTestId("metrics-p50-value").InnerTextAsync()}, "
            + $"P95 {await panel.GetByTestId("metrics-p95-value").InnerTextAsync()}, P99 {await panel.GetByTestId("metrics-p99-value").InnerTextAsync()}");
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task FullView_WindowPicker_ShowsPanelForChosenWindow()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(_app);
        await chat.AskAndWaitAsync("Just one", 1);

        await chat.Page.GotoAsync(new Uri(_app.BaseUrl, "admin/metrics?window=15m").ToString());
        await chat.WaitUntilConnectedAsync();
        var panel = chat.Page.GetByTestId("metrics-panel");

        await Assertions.Expect(panel.GetByTestId("metrics-p95-value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d"), Live);
        await panel.GetByTestId("metrics-window").GetByText("7 days").ClickAsync();
        await Assertions.Expect(panel.GetByTestId("metrics-export")).ToHaveAttributeAsync("href", "admin/metrics/export.csv?window=7d");
        await Assertions.Expect(panel.GetByTestId("metrics-requests-value")).Not.ToHaveTextAsync("0");
    }
}
