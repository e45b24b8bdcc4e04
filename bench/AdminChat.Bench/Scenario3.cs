using Microsoft.Playwright;

namespace AdminChat.Bench;

/// <summary>
/// Scenario 3 with and without the hybrid features: Enter pressed → first token in the DOM, the provider answering at
/// once (TTFT 0), each question in a new conversation. A provider of its own closes idle connections after 1 s and the
/// harness waits 1.5 s between questions, so every question meets a cold connection, as after a pause in real use:
/// <list type="bullet">
/// <item>hybrid off (<c>ENABLE_HYBRID_STREAMING=false</c>): type, wait 700 ms, send;</item>
/// <item>warm start (hybrid on): type, wait 700 ms (the 300 ms debounce, then the HEAD /models), send;</item>
/// <item>cache (hybrid on): the question just answered, asked again in a new conversation.</item>
/// </list>
/// </summary>
public static class Scenario3
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(700);
    private static readonly TimeSpan ColdGap = TimeSpan.FromMilliseconds(1500);

    public static async Task RunAsync(string appDll, BenchResults results, bool quick, Func<int, double, AnswerPlan> plan,
        Action<string> log)
    {
        var repeats = quick ? 5 : 15;
        await using var fake = await FakeProvider.StartAsync(keepAlive: TimeSpan.FromSeconds(1));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserPages.ChromiumArgs });

        await using (var off = await AppHost.StartAsync(appDll, fake.BaseUrl, new Dictionary<string, string> { ["ENABLE_HYBRID_STREAMING"] = "false" }))
        {
            var page = await OpenWarmedAsync(browser, off, plan);
            for (var r = 0; r < repeats; r++)
            {
                await Task.Delay(ColdGap);
                var started = FakeProvider.NowUnixMs();
                var floorPlan = plan(5, 50);
                var floor = await Latency.FloorAsync(fake, floorPlan, CancellationToken.None);
                results.FirstTextColdFloor.Add(fake.SendTimes(floorPlan.Tag)![0] + floor[0] - started);
                await Task.Delay(ColdGap);
                if (await AskAsync(page, plan(5, 50), Pause) is { } ms)
                {
                    results.FirstTextCold.Add(ms);
                }
            }

            log($"scenario 3, hybrid off, cold connection: {Summary.Of(results.FirstTextCold).P50:F1} ms median");
        }

        await using (var on = await AppHost.StartAsync(appDll, fake.BaseUrl, new Dictionary<string, string> { ["ENABLE_HYBRID_STREAMING"] = "true" }))
        {
            var page = await OpenWarmedAsync(browser, on, plan);
            for (var r = 0; r < repeats; r++)
            {
                await Task.Delay(ColdGap);
                var answer = plan(5, 50);
                if (await AskAsync(page, answer, Pause) is { } warm)
                {
                    results.FirstTextWarmStart.Add(warm);
                }

                // The same question again: the page forgets what it saw of it, then times the cached answer.
                await page.EvaluateAsync($"() => {{ for (const k of Object.keys(window.__seen)) if (k.startsWith('{answer.Tag}:')) delete window.__seen[k]; }}");
                if (await AskAsync(page, answer, TimeSpan.Zero) is { } cached)
                {
                    results.FirstTextCached.Add(cached);
                }
            }

            log($"scenario 3, warm start: {Summary.Of(results.FirstTextWarmStart).P50:F1} ms median; cache: {Summary.Of(results.FirstTextCached).P50:F1} ms median");
        }
    }

    private static async Task<IPage> OpenWarmedAsync(IBrowser browser, AppHost host, Func<int, double, AnswerPlan> plan)
    {
        var page = await BrowserPages.OpenAsync(await browser.NewContextAsync(), host.BaseUrl);
        var warm = plan(60, 100); // JIT and first database writes, not measured
        await BrowserPages.AskAsync(page, warm);
        await BrowserPages.CollectAsync(page, warm, TimeSpan.FromSeconds(30));
        return page;
    }

    private static async Task<double?> AskAsync(IPage page, AnswerPlan answer, TimeSpan pause)
    {
        await page.GetByTestId("conversation-new").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=chat-message][data-role=assistant]")).ToHaveCountAsync(0);
        var input = page.GetByTestId("chat-input");
        await input.FillAsync(answer.Question);
        await Assertions.Expect(page.GetByTestId("chat-send")).ToBeEnabledAsync();
        if (pause > TimeSpan.Zero)
        {
            await Task.Delay(pause);
        }

        await input.PressAsync("Enter");
        var seen = await BrowserPages.CollectAsync(page, answer, TimeSpan.FromSeconds(30));
        return await BrowserPages.SentAtAsync(page) is { } sentAt && seen.Count > 0 ? seen.Values.Min(s => s.Time) - sentAt : null;
    }
}
