using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AdminChat.Core.Providers;
using AdminChat.Core.Streaming;

namespace AdminChat.Bench;

/// <summary>Turns send times and first-seen times into the figures the issue asks for.</summary>
public static class Latency
{
    /// <summary>The app's defaults (README, AdminChat:Streaming): the bench runs the app with them.</summary>
    public const int WordsPerChunk = 3;
    public const int HoldMs = 40;

    /// <summary>
    /// Added latency per visible update: the time the update's text appeared minus the earliest time the product's own
    /// rules allowed it to appear (so the deliberate hold is not counted). Each token is a whole word on arrival; an
    /// update with a full chunk (or the end of the answer) could go out when its newest token was sent; a smaller one
    /// only when the hold of its oldest word ran out.
    /// </summary>
    public static IEnumerable<double> Added(double[] sent, IReadOnlyDictionary<int, (double Time, int Group)> seen, int holdMs = HoldMs)
    {
        foreach (var update in seen.Where(s => s.Key < sent.Length && !double.IsNaN(sent[s.Key])).GroupBy(s => s.Value.Group))
        {
            var oldest = update.Min(s => sent[s.Key]);
            var newest = update.Max(s => sent[s.Key]);
            var final = update.Any(s => s.Key == sent.Length - 1);
            var ready = update.Count() >= WordsPerChunk || final ? newest : Math.Max(newest, oldest + holdMs);
            yield return update.First().Value.Time - ready;
        }
    }

    /// <summary>Display lag per token: when it appeared minus when the provider sent it (nothing subtracted).</summary>
    public static IEnumerable<(double SentMs, double Lag)> Lag(double[] sent, IReadOnlyDictionary<int, (double Time, int Group)> seen) =>
        seen.Where(s => s.Key < sent.Length && !double.IsNaN(sent[s.Key])).OrderBy(s => s.Key)
            .Select(s => (sent[s.Key] - sent[0], s.Value.Time - sent[s.Key]));

    /// <summary>The floor: the same provider read by a plain HTTP client; per token, received minus sent.</summary>
    public static async Task<List<double>> FloorAsync(FakeProvider fake, AnswerPlan plan, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var body = new { model = FakeProvider.Model, stream = true, messages = new[] { new { role = "user", content = plan.Question } } };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.BaseUrl, "chat/completions")) { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var received = new List<(int Index, double At)>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var at = FakeProvider.NowUnixMs();
            if (!line.StartsWith("data: {", StringComparison.Ordinal) || !line.Contains("\"content\"", StringComparison.Ordinal))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line.AsMemory(6));
            var content = json.RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()!;
            received.Add((int.Parse(content.AsSpan(content.IndexOf('w', StringComparison.Ordinal) + 1).Trim(), System.Globalization.CultureInfo.InvariantCulture), at));
        }

        var sent = fake.SendTimes(plan.Tag)!;
        return received.Select(r => r.At - sent[r.Index]).ToList();
    }

    /// <summary>Floor of the server overhead: the same chunker in this process, no circuit, no renderer (µs).</summary>
    public static async Task<List<double>> ChunkerFloorAsync(AnswerPlan plan, CancellationToken cancellationToken)
    {
        var samples = new List<double>();
        var time = TimeProvider.System;
        await foreach (var chunk in WordChunker.ChunkAsync(Paced(plan, cancellationToken), new StreamingOptions(), time, cancellationToken: cancellationToken))
        {
            samples.Add(time.GetElapsedTime(chunk.ReadyAt).TotalMicroseconds);
        }

        return samples;
    }

    private static async IAsyncEnumerable<ChatDelta> Paced(AnswerPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < plan.Tokens; i++)
        {
            var wait = (i / plan.TokensPerSecond * 1000) - clock.Elapsed.TotalMilliseconds;
            if (wait >= 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken);
            }

            yield return new ChatDelta(plan.Token(i));
        }
    }
}
