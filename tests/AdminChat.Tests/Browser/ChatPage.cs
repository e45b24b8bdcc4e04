using System.Text.Json;
using Microsoft.Playwright;

namespace AdminChat.Tests.Browser;

/// <summary>What a person does on /admin/dashboard, in terms of the page's stable data-testids.</summary>
public sealed class ChatPage(IPage page)
{
    public IPage Page => page;

    public ILocator Input => page.GetByTestId("chat-input");

    public ILocator Send => page.GetByTestId("chat-send");

    public ILocator Stop => page.GetByTestId("chat-stop");

    public ILocator Badge => page.GetByTestId("streaming-badge");

    public ILocator Assistant => page.Locator("[data-testid=chat-message][data-role=assistant]");

    public ILocator LastAssistant => Assistant.Last;

    /// <summary>Opens the dashboard, signing in as the app's bootstrap administrator when sent to the sign-in page.</summary>
    public Task OpenAsync(AppProcess app) =>
        OpenAsync(app.BaseUrl, app.AdminEmail ?? throw new InvalidOperationException("This app has no bootstrap administrator."),
            app.AdminPassword!);

    public async Task OpenAsync(Uri baseUrl, string email, string password)
    {
        await page.GotoAsync(new Uri(baseUrl, "admin/dashboard").ToString());
        if (new Uri(page.Url).AbsolutePath == "/account/login")
        {
            await SignInAsync(page, email, password);
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/admin/dashboard");
        }

        await WaitUntilConnectedAsync();
    }

    /// <summary>Interactive only once the circuit is up: the badge says so.</summary>
    public Task WaitUntilConnectedAsync() =>
        Assertions.Expect(Badge).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 20_000 });

    /// <summary>Fills and submits the real sign-in form the page is showing.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
    }

    /// <summary>
    /// Records every change of the newest assistant answer's visible text with its time, from before the
    /// question is sent, so the test sees each DOM update the stream caused.
    /// </summary>
    public Task StartRecordingAsync() => page.EvaluateAsync("""
        () => {
          window.__updates = [];
          window.__sentAt = null;
          const log = document.querySelector('[data-testid=chat-messages]');
          const read = () => {
            const answers = log.querySelectorAll('[data-testid=chat-message][data-role=assistant]');
            const last = answers[answers.length - 1];
            const body = last && last.querySelector('[data-testid=chat-message-text]');
            const text = body ? body.textContent : '';
            const prev = window.__updates.length ? window.__updates[window.__updates.length - 1].text : '';
            if (text !== prev) window.__updates.push({ t: performance.now(), text });
          };
          new MutationObserver(read).observe(log, { childList: true, subtree: true, characterData: true });
          const input = document.querySelector('[data-testid=chat-input]');
          input.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) window.__sentAt = performance.now(); }, true);
        }
        """);

    public async Task AskAsync(string question)
    {
        await Input.FillAsync(question);
        await Assertions.Expect(Send).ToBeEnabledAsync();
        await Input.PressAsync("Enter");
    }

    /// <summary>Asks, then waits until the page shows <paramref name="answers"/> answers, the last one complete.</summary>
    public async Task AskAndWaitAsync(string question, int answers)
    {
        await AskAsync(question);
        await Assertions.Expect(Assistant).ToHaveCountAsync(answers, new() { Timeout = 30_000 });
        await Assertions.Expect(LastAssistant).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });
    }

    public async Task<IReadOnlyList<(double At, string Text)>> UpdatesAsync()
    {
        var json = await page.EvaluateAsync<JsonElement>("() => window.__updates");
        return [.. json.EnumerateArray().Select(u => (u.GetProperty("t").GetDouble(), u.GetProperty("text").GetString() ?? ""))];
    }

    public Task<double?> SentAtAsync() => page.EvaluateAsync<double?>("() => window.__sentAt");

    public static int CountWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
