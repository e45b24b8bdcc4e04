using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace AdminChat.Bench;

/// <summary>Writes docs/benchmarks.md and its charts (gnuplot PNGs under docs/benchmarks/).</summary>
public static class Report
{
    private const string NotesMarker = "<!-- notes: everything below is kept when the harness rewrites this file -->";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Scenario 3's section, from its heading to the blank line before scenario 4.</summary>
    public static string Scenario3Section(BenchResults r)
    {
        var s = new StringBuilder();
        s.AppendLine("## 3. Time to first visible text");
        s.AppendLine();
        s.AppendLine("From Enter pressed (keydown, in the page) to the first token in the DOM, the provider answering at once (TTFT 0)." +
            " Floor: a plain HTTP client from sending the request to the first token.");
        s.AppendLine();
        s.AppendLine(Summary.Header);
        if (r.FirstText.Count > 0)
        {
            s.AppendLine(Summary.Of(r.FirstText).Row("same conversation, provider connection already open (scenarios 1-2 app)"));
            s.AppendLine(Summary.Of(r.FirstTextFloor).Row("floor: plain HTTP client, connection open"));
        }

        s.AppendLine(Summary.Of(r.FirstTextCold).Row("hybrid off: new conversation, cold provider connection"));
        s.AppendLine(Summary.Of(r.FirstTextWarmStart).Row("hybrid on, with warm start (typed, 700 ms pause, sent)"));
        s.AppendLine(Summary.Of(r.FirstTextCached).Row("hybrid on, with response cache (identical question again)"));
        s.AppendLine(Summary.Of(r.FirstTextColdFloor).Row("floor: plain HTTP client, new connection each time"));
        s.AppendLine();
        s.AppendLine("`bench/AdminChat.Bench/Scenario3.cs`: a provider of its own closes idle connections after 1 s and the harness" +
            " waits 1.5 s before each question, so every question meets a cold connection unless warm start opened one while the" +
            " admin typed (both runs pause 700 ms between typing and Enter). On loopback a new connection costs well under a" +
            " millisecond and there is no TLS, so warm start can only show its worth against a remote provider (a TCP + TLS" +
            " handshake is one to three round trips). The cached answer still goes through the same word chunking; only the" +
            " model's wait disappears. Run alone: `bash bench/run.sh --scenario3-only` (add `--quick` for 5 repeats instead of 15).");
        s.AppendLine();
        return s.ToString();
    }

    /// <summary>Replaces only scenario 3's section of an existing benchmarks.md (the other figures stay as they were).</summary>
    public static async Task ReplaceScenario3Async(BenchResults r, string outDir)
    {
        var path = Path.Combine(outDir, "benchmarks.md");
        var text = await File.ReadAllTextAsync(path);
        var start = text.IndexOf("## 3. Time to first visible text", StringComparison.Ordinal);
        var end = text.IndexOf("## 4. ", StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"{path} has no scenario 3 section to replace; run the whole harness.");
        }

        await File.WriteAllTextAsync(path, text[..start] + Scenario3Section(r) + text[end..]);
    }

    public static async Task WriteAsync(BenchResults r, string outDir)
    {
        var charts = Path.Combine(outDir, "benchmarks");
        Directory.CreateDirectory(charts);
        var data = Directory.CreateTempSubdirectory("adminchat-bench-plot-").FullName;
        try
        {
            await ChartsAsync(r, charts, data);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }

        // The notes after the marker are written by hand (what limits the product, the conditions of the run): kept.
        var path = Path.Combine(outDir, "benchmarks.md");
        var notes = File.Exists(path) && (await File.ReadAllTextAsync(path)) is var old && old.IndexOf(NotesMarker, StringComparison.Ordinal) is var at and >= 0
            ? old[(at + NotesMarker.Length)..]
            : Environment.NewLine;
        await File.WriteAllTextAsync(path, Markdown(r) + notes);
    }

    private static string Markdown(BenchResults r)
    {
        var o1 = Summary.Of(r.Overhead1);
        var o20 = Summary.Of(r.Overhead20);
        var a1 = Summary.Of(r.Added1);
        var a20 = Summary.Of(r.Added20);
        var sustained = r.Capacity.Where(s => s.Failure is null && s.Missing == 0 && Summary.Of(s.Added).P99 <= 250).Select(s => s.Circuits).DefaultIfEmpty(0).Max();
        var firstIdle = r.Capacity.FirstOrDefault(s => s.Failure is null);
        var idleKb = firstIdle is null ? double.NaN : PerCircuitKb(r.Capacity.Where(s => s.Failure is null).MaxBy(s => s.Circuits)!, r.CapacityBaseline.Managed, idle: true);
        var streamKb = firstIdle is null ? double.NaN : PerCircuitKb(r.Capacity.Where(s => s.Failure is null).MaxBy(s => s.Circuits)!, r.CapacityBaseline.Managed, idle: false);
        var s = new StringBuilder();
        s.AppendLine("# Benchmarks: perceived speed (issue 8)");
        s.AppendLine();
        s.AppendLine("Written by the harness; rerun it to refresh every figure and chart here:");
        s.AppendLine();
        s.AppendLine("```bash");
        s.AppendLine("bash bench/run.sh          # about 10 minutes; --quick for a smoke run with fewer repetitions");
        s.AppendLine("```");
        s.AppendLine();
        s.AppendLine("## The machine and the run");
        s.AppendLine();
        s.AppendLine($"- {Environment.ProcessorCount} cores, {Memory()} memory, {RuntimeInformation.OSDescription}, .NET {Environment.Version}" +
            $" (ASP.NET Core {typeof(Microsoft.AspNetCore.Components.Server.CircuitOptions).Assembly.GetName().Version}); client script: ASP.NET Core 9.0's blazor.web.js (see README).");
        s.AppendLine($"- Run took {r.Elapsed:mm\\:ss}{(r.Quick ? " (**--quick**: fewer repetitions)" : "")}. Everything on loopback on this one machine: the fake provider, the app" +
            " (published Release, Production environment, SQLite), Chromium and the lightweight circuits share the same cores, so every figure" +
            " includes the load generator's own cost. Other engineers were building on the same 2 cores while this ran.");
        s.AppendLine("- The fake provider (bench/AdminChat.Bench/FakeProvider.cs) speaks the OpenAI streaming wire format; each token is a whole" +
            " word (`t12w34 `) so the page can recognise token 34 of run 12, and its send time is taken just before it is written and flushed.");
        s.AppendLine("- Clocks: send times are Unix milliseconds from the system clock (`TimeProvider.System.GetUtcNow()`, 100 ns ticks);" +
            " the page stamps with `performance.timeOrigin + performance.now()` (the same system clock at page start, advanced by the monotonic" +
            " clock; Chromium coarsens it to 100 µs); the light client and the plain HTTP floor use the same clock as the fake (same process)." +
            " Server overhead (scenario 1) is measured inside the app with `TimeProvider` timestamps (Stopwatch, ns resolution).");
        s.AppendLine($"- App streaming settings: the defaults (WordsPerChunk {Latency.WordsPerChunk}, HoldMs {Latency.HoldMs}, PacingMs 0) except where said." +
            " \"Added latency\" subtracts the deliberate hold: an update counts from the moment the product's rules allowed it out" +
            " (its newest token for a full chunk, the oldest word's hold running out for a short one).");
        s.AppendLine();
        s.AppendLine("## Targets");
        s.AppendLine();
        s.AppendLine("| target (issue 8) | measured | verdict |");
        s.AppendLine("|---|---|---|");
        s.AppendLine($"| server overhead per chunk p50 < 1 ms | {Summary.F(o1.P50)} ms (1 page), {Summary.F(o20.P50)} ms (20 pages) | {Verdict(o1.P50 < 1)} |");
        s.AppendLine($"| server overhead per chunk p99 < 5 ms | {Summary.F(o1.P99)} ms (1 page), {Summary.F(o20.P99)} ms (20 pages) | {Verdict(o1.P99 < 5)} |");
        s.AppendLine($"| end-to-end added latency p50 < 5 ms at one page | {Summary.F(a1.P50)} ms (floor {Summary.F(Summary.Of(r.Floor1).P50)} ms) | {Verdict(a1.P50 < 5)} |");
        s.AppendLine($"| ≥ 200 concurrent streaming circuits within p99 250 ms | {sustained} circuits sustained (light client; steps tried: {string.Join(", ", r.Capacity.Select(c => c.Circuits))}) | {Verdict(sustained >= 200)} |");
        s.AppendLine($"| < 300 KB per idle dashboard circuit | {Summary.F(idleKb)} KB managed heap per idle circuit | {Verdict(idleKb < 300)} |");
        s.AppendLine("| time to first visible text with warm start and cache | not measured yet: feature not built | – |");
        s.AppendLine();
        s.AppendLine("## 1. Server overhead per chunk");
        s.AppendLine();
        s.AppendLine("From the provider text that made a chunk ready (read by the app's provider client) to the chunk's render handed to the circuit" +
            " (the streaming service resumes after ChatState appended the chunk, which re-rendered the message and queued the batch on the" +
            " SignalR connection). Collected by the opt-in hook `AdminChat:Diagnostics:ChunkTimings=true` (off by default)." +
            " Floor: the same WordChunker in the bench process on an in-memory source, no circuit and no renderer.");
        s.AppendLine();
        s.AppendLine(Summary.Header);
        s.AppendLine(o1.Row("app, 1 page streaming (50 tokens/s)"));
        s.AppendLine(o20.Row("app, 20 pages streaming at once"));
        s.AppendLine(Summary.Of(r.ChunkerFloor.Select(us => us / 1000)).Row("floor: WordChunker alone"));
        s.AppendLine();
        s.AppendLine("![server overhead](benchmarks/server-overhead.png)");
        s.AppendLine();
        s.AppendLine("## 2. End-to-end added latency (provider → text in Chromium's DOM)");
        s.AppendLine();
        s.AppendLine("Real Chromium pages (Playwright, /usr/bin/chromium, headless), each its own circuit; a MutationObserver on the chat log stamps" +
            " the first time each token's text is in the DOM. 200 tokens at 50 tokens/s per answer. Floor: the same provider read by a plain" +
            " HTTP client (per token, received − sent).");
        s.AppendLine();
        s.AppendLine(Summary.Header);
        s.AppendLine(a1.Row($"1 page, added latency per update ({r.Missing1} tokens missing)"));
        s.AppendLine(Summary.Of(r.Floor1).Row("floor at 1 reader"));
        s.AppendLine(a20.Row($"20 pages at once, added latency per update ({r.Missing20} tokens missing)"));
        s.AppendLine(Summary.Of(r.Floor20).Row("floor at 20 readers"));
        s.AppendLine();
        s.AppendLine("![end-to-end](benchmarks/end-to-end.png)");
        s.AppendLine();
        s.Append(Scenario3Section(r));
        s.AppendLine("## 4. Capacity (lightweight circuits, 50 tokens/s each)");
        s.AppendLine();
        s.AppendLine("`LightCircuit` (bench/AdminChat.Bench/LightCircuit.cs) speaks the Blazor hub protocol over the SignalR .NET client" +
            " (blazorpack, WebSocket, the signed-in cookie): it loads /admin/dashboard, starts the circuit with the prerendered markers" +
            " (StartCircuit, UpdateRootComponents), acknowledges every render batch (OnRenderCompleted), answers every JS interop call with" +
            " success, and types and sends a question by dispatching the textarea's `input` and the form's `submit` events. A token counts as" +
            " shown when the render batch carrying it arrives. **It emulates** the server-side cost of a real, fast browser: the circuit, renders," +
            " diffs, batches, acks, JS interop round trips, the conversation writes. **It does not** build a DOM, lay out, paint or run" +
            " JavaScript, and it acknowledges batches at once, so real browsers add their own time on top (compare scenario 2).");
        s.AppendLine("Circuits are added in steps and kept; at each step all of them ask at once (staggered over 1 s) for 300 tokens at 50 tokens/s." +
            " The ramp stops at the first step whose p99 added latency exceeds 250 ms, or that loses tokens, or at the cap.");
        s.AppendLine();
        s.AppendLine("| circuits | added p50 | added p95 | added p99 | max | floor p99 | tokens missing | managed heap per idle circuit | per streaming circuit | RSS per idle circuit |");
        s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var step in r.Capacity)
        {
            if (step.Failure is not null)
            {
                s.AppendLine($"| {step.Circuits} | {step.Failure} | | | | | | | | |");
                continue;
            }

            var a = Summary.Of(step.Added);
            s.AppendLine($"| {step.Circuits} | {Summary.F(a.P50)} ms | {Summary.F(a.P95)} ms | {Summary.F(a.P99)} ms | {Summary.F(a.Max)} ms | {Summary.F(Summary.Of(step.Floor).P99)} ms | {step.Missing} | {Summary.F(PerCircuitKb(step, r.CapacityBaseline.Managed, true))} KB | {Summary.F(PerCircuitKb(step, r.CapacityBaseline.Managed, false))} KB | {Summary.F((step.IdleRss - r.CapacityBaseline.Rss) / 1024.0 / step.Circuits)} KB |");
        }

        s.AppendLine();
        s.AppendLine($"Memory: the managed heap after a full collection (`GC.GetTotalMemory(true)`, via the Admin-only diagnostics endpoint), minus the" +
            $" same before the first light circuit ({r.CapacityBaseline.Managed / 1024 / 1024} MB; the Chromium pages' circuits from scenarios 2–3 may still be" +
            " retained as disconnected then), divided by the circuits open. \"Per streaming circuit\" is sampled mid-stream without a collection, so it" +
            $" includes garbage not yet collected. Microsoft's figure for a minimal app is about 250 KB per circuit. Largest step: {Summary.F(idleKb)} KB idle, {Summary.F(streamKb)} KB streaming.");
        s.AppendLine();
        s.AppendLine("![capacity](benchmarks/capacity.png)");
        s.AppendLine();
        s.AppendLine("## 5. Display lag on a long fast answer (2,000 words at 300 tokens/s)");
        s.AppendLine();
        s.AppendLine("One Chromium page; per token, the time it appeared in the DOM minus the time the provider sent it (nothing subtracted: this is" +
            " what the reader sees). Pacing on is `AdminChat__Streaming__PacingMs=30` (MaxDisplayLagMs 250), on a second app started with it.");
        s.AppendLine();
        s.AppendLine(Summary.Header);
        s.AppendLine(Summary.Of(r.LagOff.Select(l => l.Lag)).Row($"pacing off ({r.LagOff.Count}/2000 tokens shown)"));
        s.AppendLine(Summary.Of(r.LagFloorOff).Row("floor (plain HTTP client, same rate)"));
        s.AppendLine(Summary.Of(r.LagOn.Select(l => l.Lag)).Row($"pacing on, 30 ms ({r.LagOn.Count}/2000 tokens shown)"));
        s.AppendLine(Summary.Of(r.LagFloorOn).Row("floor (plain HTTP client, same rate)"));
        s.AppendLine();
        s.AppendLine("![display lag](benchmarks/display-lag.png)");
        s.AppendLine();
        s.AppendLine("## What limits the product");
        s.AppendLine();
        s.Append(NotesMarker);
        return s.ToString();
    }

    private static double PerCircuitKb(CapacityStep step, long baseline, bool idle) =>
        ((idle ? step.IdleManaged : step.StreamingManaged) - baseline) / 1024.0 / step.Circuits;

    private static string Verdict(bool met) => met ? "**met**" : "**not met**";

    private static string Memory()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Inv);
        return string.Create(Inv, $"{kb / 1024.0 / 1024.0:F1} GiB");
    }

    private static async Task ChartsAsync(BenchResults r, string charts, string data)
    {
        static IEnumerable<string> Cdf(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Select((v, i) => string.Create(Inv, $"{v} {(i + 1) * 100.0 / sorted.Length}"));
        }

        async Task Write(string name, IEnumerable<string> lines) => await File.WriteAllLinesAsync(Path.Combine(data, name), lines);
        await Write("o1.dat", Cdf(r.Overhead1));
        await Write("o20.dat", Cdf(r.Overhead20));
        await Write("ofloor.dat", Cdf(r.ChunkerFloor.Select(us => us / 1000)));
        await Write("a1.dat", Cdf(r.Added1));
        await Write("a20.dat", Cdf(r.Added20));
        await Write("f1.dat", Cdf(r.Floor1));
        await Write("f20.dat", Cdf(r.Floor20));
        await Write("cap.dat", r.Capacity.Where(c => c.Failure is null).Select(c =>
        {
            var a = Summary.Of(c.Added);
            return string.Create(Inv, $"{c.Circuits} {a.P50} {a.P99} {Summary.Of(c.Floor).P99}");
        }));
        await Write("lagoff.dat", r.LagOff.Select(l => string.Create(Inv, $"{l.SentMs / 1000} {l.Lag}")));
        await Write("lagon.dat", r.LagOn.Select(l => string.Create(Inv, $"{l.SentMs / 1000} {l.Lag}")));
        var png = "set terminal pngcairo size 900,500 font 'DejaVu Sans,10'\nset grid\nset key bottom right\n";
        var script = $"""
            {png}set output '{charts}/server-overhead.png'
            set title 'Server overhead per chunk (cumulative)'
            set xlabel 'ms (log scale)'; set ylabel '% of chunks'; set logscale x
            plot '{data}/o1.dat' w l lw 2 t 'app, 1 page', '{data}/o20.dat' w l lw 2 t 'app, 20 pages', '{data}/ofloor.dat' w l lw 2 dt 2 t 'floor: chunker alone'
            unset logscale x
            set output '{charts}/end-to-end.png'
            set title 'Added latency: provider -> text in the DOM (cumulative)'
            set xlabel 'ms (log scale)'; set logscale x
            plot '{data}/a1.dat' w l lw 2 t 'Chromium, 1 page', '{data}/a20.dat' w l lw 2 t 'Chromium, 20 pages', '{data}/f1.dat' w l lw 2 dt 2 t 'floor, 1 reader', '{data}/f20.dat' w l lw 2 dt 2 t 'floor, 20 readers'
            unset logscale x
            set output '{charts}/capacity.png'
            set title 'Capacity: added latency vs concurrent streaming circuits (50 tokens/s each)'
            set xlabel 'circuits'; set ylabel 'ms'; set key top left
            plot '{data}/cap.dat' u 1:2 w lp lw 2 t 'p50', '{data}/cap.dat' u 1:3 w lp lw 2 t 'p99', '{data}/cap.dat' u 1:4 w lp dt 2 t 'floor p99', 250 w l lc rgb 'red' dt 3 t '250 ms target'
            set output '{charts}/display-lag.png'
            set title 'Display lag, 2,000 words at 300 tokens/s'
            set xlabel 'seconds into the answer'; set ylabel 'lag (ms)'
            plot '{data}/lagoff.dat' w l lw 1 t 'pacing off', '{data}/lagon.dat' w l lw 1 t 'pacing on (30 ms)'
            """;
        var scriptPath = Path.Combine(data, "charts.gp");
        await File.WriteAllTextAsync(scriptPath, script);
        using var gnuplot = Process.Start(new ProcessStartInfo("gnuplot", [scriptPath]) { RedirectStandardError = true })!;
        var errors = await gnuplot.StandardError.ReadToEndAsync();
        await gnuplot.WaitForExitAsync();
        if (gnuplot.ExitCode != 0)
        {
            Console.WriteLine($"[bench] gnuplot failed: {errors}");
        }
    }
}
