using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdminChat.Bench;
using Microsoft.Playwright;

// bash bench/run.sh passes: --app <published AdminChat.Web.dll> --out <repo>/docs [--quick]
System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
var app = Arg("--app") ?? throw new ArgumentException("--app <AdminChat.Web.dll> is required");
var outDir = Path.GetFullPath(Arg("--out") ?? "docs");
var quick = args.Contains("--quick");
var results = new BenchResults { Quick = quick };
var runId = 0;
AnswerPlan Plan(int tokens, double rate, int ttft = 0) => new($"t{++runId}", tokens, rate, ttft);
using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(quick ? 10 : 40));
var total = Stopwatch.StartNew();

if (args.Contains("--scenario3-only"))
{
    // Only time to first visible text with and without the hybrid features; the section is replaced in benchmarks.md.
    await Scenario3.RunAsync(app, results, quick, (tokens, rate) => Plan(tokens, rate), Log);
    results.Elapsed = total.Elapsed;
    await Report.ReplaceScenario3Async(results, outDir);
    Log($"done in {total.Elapsed:mm\\:ss}; replaced scenario 3 in {Path.Combine(outDir, "benchmarks.md")}");
    return 0;
}

await using var fake = await FakeProvider.StartAsync();
Log($"fake provider at {fake.BaseUrl}");

await using (var host = await AppHost.StartAsync(app, fake.BaseUrl))
{
    var cookies = await host.SignInAsync();
    using var admin = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = host.BaseUrl };
    using (var playwright = args.Contains("--capacity-only") ? null : await Playwright.CreateAsync())
    if (playwright is not null)
    {
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserPages.ChromiumArgs });
        var context = await browser.NewContextAsync();
        var first = await BrowserPages.OpenAsync(context, host.BaseUrl);

        // Warm-up (JIT, first database writes), not measured.
        var warm = Plan(60, 100);
        await BrowserPages.AskAsync(first, warm);
        await BrowserPages.CollectAsync(first, warm, TimeSpan.FromSeconds(30));
        await ChunkTimingsAsync(admin, reset: true);

        // Scenarios 1 and 2 at one page: 200 tokens at 50 tokens/s, repeated; the floor read the same way before each.
        var repeats = quick ? 2 : 6;
        for (var r = 0; r < repeats; r++)
        {
            results.Floor1.AddRange(await Latency.FloorAsync(fake, Plan(200, 50), stop.Token));
            results.ChunkerFloor.AddRange(await Latency.ChunkerFloorAsync(Plan(200, 50), stop.Token));
            var plan = Plan(200, 50);
            await BrowserPages.AskAsync(first, plan);
            var seen = await BrowserPages.CollectAsync(first, plan, TimeSpan.FromSeconds(60));
            results.Added1.AddRange(Latency.Added(fake.SendTimes(plan.Tag)!, seen));
            results.Missing1 += plan.Tokens - seen.Count;
            Log($"scenario 2, one page, run {r + 1}/{repeats}: {Summary.Of(results.Added1).P50:F2} ms median so far");
        }

        results.Overhead1.AddRange((await ChunkTimingsAsync(admin, reset: true)).Select(us => us / 1000));

        // Scenario 3, baseline only: Enter pressed → first token in the DOM, the provider answering at once (TTFT 0).
        for (var r = 0; r < (quick ? 3 : 10); r++)
        {
            var floorPlan = Plan(5, 50);
            var started = FakeProvider.NowUnixMs();
            var floor = await Latency.FloorAsync(fake, floorPlan, stop.Token);
            results.FirstTextFloor.Add(fake.SendTimes(floorPlan.Tag)![0] + floor[0] - started);
            var plan = Plan(5, 50);
            await BrowserPages.AskAsync(first, plan);
            var seen = await BrowserPages.CollectAsync(first, plan, TimeSpan.FromSeconds(30));
            if (await BrowserPages.SentAtAsync(first) is { } sentAt && seen.Count > 0)
            {
                results.FirstText.Add(seen.Values.Min(s => s.Time) - sentAt);
            }
        }

        Log($"scenario 3 baseline: {Summary.Of(results.FirstText).P50:F1} ms median");

        // Scenario 2 at 20 concurrent pages (each its own circuit), all asking at once.
        var pages = new List<IPage> { first };
        while (pages.Count < 20)
        {
            pages.Add(await BrowserPages.OpenAsync(context, host.BaseUrl));
        }

        for (var r = 0; r < (quick ? 1 : 3); r++)
        {
            var floors = Enumerable.Range(0, 20).Select(_ => Latency.FloorAsync(fake, Plan(200, 50), stop.Token)).ToList();
            foreach (var floor in await Task.WhenAll(floors))
            {
                results.Floor20.AddRange(floor);
            }

            var plans = pages.Select(_ => Plan(200, 50)).ToList();
            await Task.WhenAll(pages.Select((p, i) => BrowserPages.AskAsync(p, plans[i])));
            var seens = await Task.WhenAll(pages.Select((p, i) => BrowserPages.CollectAsync(p, plans[i], TimeSpan.FromSeconds(90))));
            for (var i = 0; i < pages.Count; i++)
            {
                results.Added20.AddRange(Latency.Added(fake.SendTimes(plans[i].Tag)!, seens[i]));
                results.Missing20 += plans[i].Tokens - seens[i].Count;
            }

            Log($"scenario 2, 20 pages, run {r + 1}: {Summary.Of(results.Added20).P50:F2} ms median so far");
        }

        results.Overhead20.AddRange((await ChunkTimingsAsync(admin, reset: true)).Select(us => us / 1000));
        foreach (var page in pages.Skip(1))
        {
            await page.CloseAsync();
        }

        // Scenario 5, pacing off: 2,000 words at 300 tokens/s on one page.
        (results.LagFloorOff, results.LagOff) = await LongAnswerAsync(first);
        await browser.CloseAsync();
    }

    // Scenario 4: lightweight circuits, ramped until the p99 added latency passes 250 ms or the cap.
    await CapacityAsync(host, cookies, admin);
}

// Scenario 5 again with pacing on (AdminChat:Streaming:PacingMs=30): a fresh app with that setting.
await using (var host = await AppHost.StartAsync(app, fake.BaseUrl, new Dictionary<string, string> { ["AdminChat__Streaming__PacingMs"] = "30" }))
{
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = BrowserPages.ChromiumArgs });
    var page = await BrowserPages.OpenAsync(await browser.NewContextAsync(), host.BaseUrl);
    var warm = Plan(60, 100);
    await BrowserPages.AskAsync(page, warm);
    await BrowserPages.CollectAsync(page, warm, TimeSpan.FromSeconds(30));
    (results.LagFloorOn, results.LagOn) = await LongAnswerAsync(page);
}

// Scenario 3 with and without warm start and cache: its own provider (short keep-alive) and apps (hybrid off, on).
await Scenario3.RunAsync(app, results, quick, (tokens, rate) => Plan(tokens, rate), Log);

results.Elapsed = total.Elapsed;
await Report.WriteAsync(results, outDir);
Log($"done in {total.Elapsed:mm\\:ss}; wrote {Path.Combine(outDir, "benchmarks.md")}");
return 0;

async Task<(List<double> Floor, List<(double SentMs, double Lag)> Lag)> LongAnswerAsync(IPage page)
{
    var floorPlan = Plan(2000, 300);
    var floor = await Latency.FloorAsync(fake, floorPlan, stop.Token);
    var plan = Plan(2000, 300);
    await BrowserPages.AskAsync(page, plan);
    var seen = await BrowserPages.CollectAsync(page, plan, TimeSpan.FromSeconds(120));
    var lag = Latency.Lag(fake.SendTimes(plan.Tag)!, seen).ToList();
    Log($"scenario 5: {seen.Count}/{plan.Tokens} tokens, lag p50 {Summary.Of(lag.Select(l => l.Lag)).P50:F1} ms, max {Summary.Of(lag.Select(l => l.Lag)).Max:F1} ms");
    return (floor, lag);
}

async Task CapacityAsync(AppHost host, CookieContainer cookies, HttpClient admin)
{
    int[] steps = quick ? [5, 10] : [10, 25, 50, 100, 150, 200, 300, 400];
    var circuits = new List<LightCircuit>();
    var baseline = await MemoryAsync(admin, gc: true);
    var baselineRss = host.ResidentBytes();
    results.CapacityBaseline = (baseline, baselineRss);
    try
    {
        foreach (var n in steps)
        {
            if (stop.IsCancellationRequested)
            {
                break;
            }

            var step = new CapacityStep { Circuits = n };
            try
            {
                while (circuits.Count < n)
                {
                    var batch = Math.Min(4, n - circuits.Count);
                    circuits.AddRange(await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => LightCircuit.StartAsync(host.BaseUrl, cookies, stop.Token))));
                }
            }
            catch (Exception ex)
            {
                step.Failure = "could not open circuit " + (circuits.Count + 1) + ": " + ex.Message;
                Log($"scenario 4: {step.Failure}");
                results.Capacity.Add(step);
                break;
            }

            await Task.Delay(2000);
            step.IdleManaged = await MemoryAsync(admin, gc: true);
            step.IdleRss = host.ResidentBytes();

            var floors = Enumerable.Range(0, n).Select(_ => Latency.FloorAsync(fake, Plan(100, 50), stop.Token)).ToList();
            step.Floor.AddRange((await Task.WhenAll(floors)).SelectMany(f => f));

            var plans = circuits.Select(_ => Plan(300, 50)).ToList();
            var asks = circuits.Select(async (c, i) =>
            {
                await Task.Delay(i * 1000 / n);
                await c.AskAsync(plans[i], stop.Token);
            }).ToList();
            await Task.WhenAll(asks);
            await Task.Delay(3000);
            step.StreamingManaged = await MemoryAsync(admin, gc: false);
            step.StreamingRss = host.ResidentBytes();
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(40) && circuits.Select((c, i) => c.Seen.Count >= plans[i].Tokens).Any(done => !done))
            {
                await Task.Delay(200);
            }

            await Task.Delay(500);
            for (var i = 0; i < circuits.Count; i++)
            {
                step.Added.AddRange(Latency.Added(fake.SendTimes(plans[i].Tag) ?? [], circuits[i].Seen));
                step.Missing += plans[i].Tokens - circuits[i].Seen.Count;
            }

            results.Capacity.Add(step);
            var summary = Summary.Of(step.Added);
            Log($"scenario 4, {n} circuits: added p50 {summary.P50:F1} ms, p99 {summary.P99:F1} ms, missing {step.Missing}, idle managed {(step.IdleManaged - baseline) / n / 1024.0:F0} KB/circuit");
            if (summary.P99 > 250 || step.Missing > 0)
            {
                break;
            }
        }
    }
    finally
    {
        foreach (var circuit in circuits)
        {
            await circuit.DisposeAsync();
        }
    }
}

static async Task<double[]> ChunkTimingsAsync(HttpClient admin, bool reset)
{
    using var json = await admin.GetFromJsonAsync<JsonDocument>($"admin/diagnostics/chunk-timings?reset={(reset ? "true" : "false")}");
    return json!.RootElement.GetProperty("microseconds").EnumerateArray().Select(e => e.GetDouble()).ToArray();
}

static async Task<long> MemoryAsync(HttpClient admin, bool gc)
{
    using var json = await admin.GetFromJsonAsync<JsonDocument>($"admin/diagnostics/memory?gc={(gc ? "true" : "false")}");
    return json!.RootElement.GetProperty("managedBytes").GetInt64();
}

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

static void Log(string message) => Console.WriteLine($"[bench] {message}");
