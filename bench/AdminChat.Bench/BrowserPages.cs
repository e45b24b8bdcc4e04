using System.Text.Json;
using Microsoft.Playwright;

namespace AdminChat.Bench;

/// <summary>Real Chromium pages on the dashboard, each its own circuit, each watching its answer with a MutationObserver.</summary>
public static class BrowserPages
{
    public static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    // Times are performance.timeOrigin + performance.now(): Unix ms from the system clock at the page's start, advanced by
    // the monotonic clock (Chromium coarsens performance.now() to 100 µs without cross-origin isolation).
    private const string Observer = """
        () => {
          window.__seen = {}; window.__group = 0; window.__sentAt = null; window.__scanned = 0; window.__answers = 0;
          const log = document.querySelector('[data-testid=chat-messages]');
          const re = /(t\d+)w(\d+)/g;
          new MutationObserver(() => {
            const t = performance.timeOrigin + performance.now();
            const answers = log.querySelectorAll('[data-testid=chat-message][data-role=assistant]');
            const last = answers[answers.length - 1];
            const body = last && last.querySelector('[data-testid=chat-message-text]');
            if (!body) return;
            // A new answer (also one in a new conversation, where the count stays the same) is scanned from its start.
            if (answers.length !== window.__answers || last !== window.__last) { window.__answers = answers.length; window.__last = last; window.__scanned = 0; }
            const text = body.textContent;
            const g = ++window.__group;
            // Only the new tail (the text only grows), so a long answer does not slow the observer down.
            for (const m of text.slice(Math.max(0, window.__scanned - 16)).matchAll(re)) {
              const key = m[1] + ':' + m[2];
              if (!(key in window.__seen)) window.__seen[key] = [t, g];
            }
            window.__scanned = text.length;
          }).observe(log, { childList: true, subtree: true, characterData: true });
          document.querySelector('[data-testid=chat-input]').addEventListener('keydown', e => {
            if (e.key === 'Enter' && !e.shiftKey) window.__sentAt = performance.timeOrigin + performance.now();
          }, true);
        }
        """;

    public static async Task<IPage> OpenAsync(IBrowserContext context, Uri baseUrl)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(baseUrl, "admin/dashboard").ToString());
        if (new Uri(page.Url).AbsolutePath == "/account/login")
        {
            await page.GetByTestId("login-email").FillAsync(AppHost.Email);
            await page.GetByTestId("login-password").FillAsync(AppHost.Password);
            await page.GetByTestId("login-submit").ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/admin/dashboard");
        }

        await Assertions.Expect(page.GetByTestId("streaming-badge")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 60_000 });
        await page.EvaluateAsync(Observer);
        return page;
    }

    public static async Task AskAsync(IPage page, AnswerPlan plan)
    {
        var input = page.GetByTestId("chat-input");
        await input.FillAsync(plan.Question);
        await Assertions.Expect(page.GetByTestId("chat-send")).ToBeEnabledAsync();
        await input.PressAsync("Enter");
    }

    /// <summary>Waits until every token is in the DOM and the answer is complete; returns index → (time, update).</summary>
    public static async Task<Dictionary<int, (double Time, int Group)>> CollectAsync(IPage page, AnswerPlan plan, TimeSpan timeout)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        var prefix = plan.Tag + ":";
        while (deadline.Elapsed < timeout)
        {
            var count = await page.EvaluateAsync<int>($"() => Object.keys(window.__seen).filter(k => k.startsWith('{prefix}')).length");
            if (count >= plan.Tokens)
            {
                break;
            }

            await Task.Delay(100);
        }

        await Assertions.Expect(page.Locator("[data-testid=chat-message][data-role=assistant]").Last)
            .ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 60_000 });
        var json = await page.EvaluateAsync<JsonElement>("() => window.__seen");
        var seen = new Dictionary<int, (double, int)>();
        foreach (var entry in json.EnumerateObject().Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            seen[int.Parse(entry.Name.AsSpan(prefix.Length), System.Globalization.CultureInfo.InvariantCulture)] =
                (entry.Value[0].GetDouble(), entry.Value[1].GetInt32());
        }

        return seen;
    }

    public static async Task<double?> SentAtAsync(IPage page) => await page.EvaluateAsync<double?>("() => window.__sentAt");
}
