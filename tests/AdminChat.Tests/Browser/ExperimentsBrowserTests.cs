using System.Text.RegularExpressions;
using AdminChat.Core.Experiments;
using AdminChat.Tests.Web.Accounts;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AdminChat.Tests.Browser;

[Collection(BrowserTestsDefinition.Name)]
[Trait("Category", "Browser")]
public sealed class ExperimentsBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
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
    public async Task Experiment_TwoUsersChatAndRate_ResultsShowBothVariantsWithCounts()
    {
        await using var adminContext = await browser.Browser.NewContextAsync();
        var admin = new ChatPage(await adminContext.NewPageAsync());
        await admin.OpenAsync(_app);
        var page = admin.Page;

        // Create: 1 word per chunk (A) against 3 (B), even split.
        await page.GetByTestId("nav-experiments").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/admin/experiments");
        await admin.WaitUntilConnectedAsync();
        await page.GetByTestId("experiment-name").FillAsync("Chunk size");
        await page.GetByTestId("experiment-hypothesis").FillAsync("Three words per chunk feel as fast with fewer renders");
        var variants = page.GetByTestId("variant-editor");
        await variants.Nth(0).GetByTestId("variant-name").FillAsync("one word");
        await variants.Nth(0).GetByTestId("variant-words").FillAsync("1");
        await variants.Nth(1).GetByTestId("variant-name").FillAsync("three words");
        await variants.Nth(1).GetByTestId("variant-words").FillAsync("3");
        await page.GetByTestId("experiment-create").ClickAsync();
        var row = page.GetByTestId("experiment-row").Filter(new() { HasText = "Chunk size" });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "Draft");
        await row.GetByTestId("experiment-start").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "Running");
        var experimentId = int.Parse(await row.GetAttributeAsync("data-experiment-id") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

        // A second experiment on the same setting is refused with a message naming the running one.
        await page.GetByTestId("experiment-name").FillAsync("Chunk size again");
        await page.GetByTestId("variant-editor").Nth(0).GetByTestId("variant-words").FillAsync("2");
        await page.GetByTestId("experiment-create").ClickAsync();
        await page.GetByTestId("experiment-row").Filter(new() { HasText = "Chunk size again" }).GetByTestId("experiment-start").ClickAsync();
        await Assertions.Expect(page.GetByTestId("experiments-message")).ToContainTextAsync("Chunk size");
        await Assertions.Expect(page.GetByTestId("experiment-row").Filter(new() { HasText = "Chunk size again" }))
            .ToHaveAttributeAsync("data-state", "Draft");

        // The admin chats: the answer carries its variant, and is rated up, undone, then down.
        await page.GotoAsync(new Uri(_app.BaseUrl, "admin/dashboard").ToString());
        await admin.WaitUntilConnectedAsync();
        await admin.AskAndWaitAsync("How do I reset a password?", 1);
        var adminVariant = admin.LastAssistant.GetByTestId("answer-variant");
        await Assertions.Expect(adminVariant).ToHaveAttributeAsync("data-variant", new Regex($"^x{experimentId}:[AB]$"));
        var adminKey = (await adminVariant.GetAttributeAsync("data-variant"))![^1..];
        var up = admin.LastAssistant.GetByTestId("feedback-up");
        var down = admin.LastAssistant.GetByTestId("feedback-down");
        await up.ClickAsync();
        await Assertions.Expect(up).ToHaveAttributeAsync("aria-pressed", "true");
        await up.ClickAsync();
        await Assertions.Expect(up).ToHaveAttributeAsync("aria-pressed", "false");
        await down.ClickAsync();
        await Assertions.Expect(down).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(up).ToHaveAttributeAsync("aria-pressed", "false");

        // A second person, in the other variant (assignment is a pure function of the ids, so the test can pick one).
        string email = string.Empty;
        for (var i = 0; i < 30; i++)
        {
            var candidate = $"second-{i}@example.com";
            var id = await TestUsers.CreateAsync(_app, candidate, isAdmin: true);
            if (ExperimentAssigner.Assign(experimentId, id, [1, 1]) != (adminKey == "A" ? 0 : 1))
            {
                email = candidate;
                break;
            }
        }

        Assert.NotEmpty(email);
        await using var secondContext = await browser.Browser.NewContextAsync();
        var second = new ChatPage(await secondContext.NewPageAsync());
        await second.OpenAsync(_app.BaseUrl, email, TestUsers.Password);
        await second.AskAndWaitAsync("What does the dashboard show?", 1);
        await second.AskAndWaitAsync("And the metrics panel?", 2);
        var otherKey = adminKey == "A" ? "B" : "A";
        await Assertions.Expect(second.LastAssistant.GetByTestId("answer-variant")).ToHaveAttributeAsync("data-variant", $"x{experimentId}:{otherKey}");
        await second.LastAssistant.GetByTestId("feedback-up").ClickAsync();
        await Assertions.Expect(second.LastAssistant.GetByTestId("feedback-up")).ToHaveAttributeAsync("aria-pressed", "true");

        // The results page: both variants with their counts, the SRM check, statistics and the warning about sample size.
        await page.GotoAsync(new Uri(_app.BaseUrl, $"admin/experiments/{experimentId}").ToString());
        await admin.WaitUntilConnectedAsync();
        var adminRow = page.Locator($"[data-testid=variant-row][data-variant={adminKey}]");
        var otherRow = page.Locator($"[data-testid=variant-row][data-variant={otherKey}]");
        await Assertions.Expect(adminRow.GetByTestId("variant-requests")).ToHaveTextAsync("1", Live);
        await Assertions.Expect(otherRow.GetByTestId("variant-requests")).ToHaveTextAsync("2", Live);
        await Assertions.Expect(adminRow.GetByTestId("variant-users")).ToHaveTextAsync("1");
        await Assertions.Expect(otherRow.GetByTestId("variant-users")).ToHaveTextAsync("1");
        await Assertions.Expect(adminRow.GetByTestId("variant-satisfaction")).ToHaveAttributeAsync("data-rated", "1");
        await Assertions.Expect(adminRow.GetByTestId("variant-satisfaction")).ToContainTextAsync("0");
        await Assertions.Expect(otherRow.GetByTestId("variant-satisfaction")).ToContainTextAsync("100");
        await Assertions.Expect(page.GetByTestId("srm-check")).ToHaveAttributeAsync("data-mismatch", "false");
        await Assertions.Expect(page.GetByTestId("experiment-min-sample-warning")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=experiment-comparison][data-metric=Ttft]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("experiment-chart").Locator("svg path").First).ToBeAttachedAsync();
    }
}
