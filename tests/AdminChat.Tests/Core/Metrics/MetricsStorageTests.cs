using AdminChat.Core.Metrics;
using AdminChat.Core.Providers;
using AdminChat.Core.Streaming;
using AdminChat.Tests.Core.Storage;
using AdminChat.Tests.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdminChat.Tests.Core.Metrics;

/// <summary>The recorder and the queries on each database provider. Each test uses its own time range or request ids.</summary>
public abstract class MetricsStorageTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private MetricsRecorder Recorder(int capacity = 10_000) => new(database.Factory,
        Options.Create(new MetricsOptions { QueueCapacity = capacity, BatchSize = 100 }), NullLogger<MetricsRecorder>.Instance);

    private MetricsService Service(DateTimeOffset now) => new(database.Factory, new ManualTimeProvider(now),
        new FixedOptionsMonitor<MetricsOptions>(new MetricsOptions()), new FixedOptionsMonitor<StreamingOptions>(new StreamingOptions()));

    private static StreamRecord Record(string id, DateTimeOffset at, double? ttftMs, StreamOutcome outcome = StreamOutcome.Complete,
        string model = "model-a") => new()
    {
        RequestId = id,
        Provider = "prov",
        Model = model,
        StartedAt = at,
        TimeToFirstChunk = ttftMs is { } t ? TimeSpan.FromMilliseconds(t) : null,
        Total = TimeSpan.FromMilliseconds((ttftMs ?? 0) + 1_000),
        Chunks = 5,
        Usage = new TokenUsage(10, 100),
        Outcome = outcome,
        UserId = "user-1",
        ConversationId = Guid.NewGuid(),
    };

    private async Task<int> CountAsync(string prefix)
    {
        await using var db = database.CreateContext();
        return await db.RequestMetrics.CountAsync(m => m.RequestId.StartsWith(prefix));
    }

    private async Task WaitForCountAsync(string prefix, int expected)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await CountAsync(prefix) < expected && waited.Elapsed < Timeout)
        {
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Record_ConcurrentWriters_EveryRecordStoredNoneDropped()
    {
        var prefix = $"c{Guid.NewGuid():N}"[..12];
        var recorder = Recorder();
        await recorder.StartAsync(CancellationToken.None);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 250; i++)
            {
                recorder.Record(Record($"{prefix}-{t}-{i}", at.AddSeconds(i), 100 + i));
            }
        })));
        await WaitForCountAsync(prefix, 2_000);
        await recorder.StopAsync(CancellationToken.None);

        Assert.Equal(2_000, await CountAsync(prefix));
        Assert.Equal(0, recorder.Dropped);
        Assert.Equal(0, recorder.FailedWrites);
    }

    [Fact]
    public async Task Record_QueueFullAndWriterNotRunning_CountsDroppedAndStopDrainsTheRest()
    {
        var prefix = $"d{Guid.NewGuid():N}"[..12];
        var recorder = Recorder(capacity: 10);
        var at = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);

        for (var i = 0; i < 25; i++)
        {
            recorder.Record(Record($"{prefix}-{i}", at, 100));
        }

        Assert.Equal(15, recorder.Dropped);
        await recorder.StartAsync(CancellationToken.None);
        await recorder.StopAsync(CancellationToken.None);
        Assert.Equal(10, await CountAsync(prefix));
    }

    [Fact]
    public async Task ReportPerceived_BeforeAndAfterTheRecord_BothStored()
    {
        var prefix = $"p{Guid.NewGuid():N}"[..12];
        var recorder = Recorder();
        await recorder.StartAsync(CancellationToken.None);
        var at = new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero);

        recorder.ReportPerceived($"{prefix}-early", 321.5);
        recorder.Record(Record($"{prefix}-early", at, 300));
        recorder.Record(Record($"{prefix}-late", at, 300));
        recorder.ReportPerceived($"{prefix}-late", 456);
        await recorder.StopAsync(CancellationToken.None);

        await using var db = database.CreateContext();
        var rows = await db.RequestMetrics.Where(m => m.RequestId.StartsWith(prefix)).ToDictionaryAsync(m => m.RequestId, m => m.PerceivedTtftMs);
        Assert.Equal(321.5, rows[$"{prefix}-early"]);
        Assert.Equal(456, rows[$"{prefix}-late"]);
    }

    [Fact]
    public async Task Record_StoresEveryField()
    {
        var id = $"f{Guid.NewGuid():N}";
        var recorder = Recorder();
        await recorder.StartAsync(CancellationToken.None);
        var at = new DateTimeOffset(2026, 1, 4, 10, 0, 0, TimeSpan.Zero);
        var record = Record(id, at, 250, StreamOutcome.Partial) with { ErrorKind = ChatErrorKind.RateLimited, Tier = "fast", Variant = "B" };

        recorder.Record(record);
        await recorder.StopAsync(CancellationToken.None);

        await using var db = database.CreateContext();
        var row = await db.RequestMetrics.SingleAsync(m => m.RequestId == id);
        Assert.Equal((at.UtcDateTime, 250.0, 1_250.0, 100, 10), (row.StartedAt, row.TtftMs!.Value, row.TotalMs, row.OutputTokens!.Value, row.InputTokens!.Value));
        Assert.Equal((StreamOutcome.Partial, ChatErrorKind.RateLimited, "fast", "B", "user-1"), (row.Outcome, row.ErrorKind!.Value, row.Tier, row.Variant, row.UserId));
        Assert.Equal(100.0, row.TokensPerSecond!.Value, 6); // 100 tokens in the 1 s after the first chunk
        Assert.Equal(record.ConversationId, row.ConversationId);
    }

    [Fact]
    public async Task Queries_Window_OnlyItsRequestsAndTheirPercentiles()
    {
        // A day of its own so other tests' rows never fall inside.
        var now = new DateTimeOffset(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);
        var prefix = $"w{Guid.NewGuid():N}"[..12];
        var recorder = Recorder();
        await recorder.StartAsync(CancellationToken.None);
        double[] inside = [100, 200, 300, 400, 1_000];
        for (var i = 0; i < inside.Length; i++)
        {
            recorder.Record(Record($"{prefix}-in-{i}", now.AddMinutes(-10 + i), inside[i], model: i < 2 ? "a" : "b"));
        }

        recorder.Record(Record($"{prefix}-old", now.AddMinutes(-20), 50_000));
        recorder.Record(Record($"{prefix}-err", now.AddMinutes(-5), null, StreamOutcome.Error));
        await recorder.StopAsync(CancellationToken.None);
        var service = Service(now);

        var percentiles = await service.TtftPercentilesAsync(MetricsWindow.FifteenMinutes);
        var report = await service.ReportAsync(MetricsWindow.FifteenMinutes);
        var exported = new List<RequestMetric>();
        await foreach (var row in service.ExportAsync(MetricsWindow.FifteenMinutes))
        {
            exported.Add(row);
        }

        Assert.Equal(Percentiles.Summarize(inside), percentiles);
        Assert.Equal(percentiles, report.Ttft);
        Assert.Equal(6, report.Requests);
        Assert.Equal(1.0 / 6, report.ErrorRate!.Value, 9);
        Assert.Equal(["b", "a", "model-a"], report.Models.Select(m => m.Key));
        Assert.Equal(6, exported.Count);
        Assert.Equal(exported.OrderBy(e => e.StartedAt).Select(e => e.RequestId), exported.Select(e => e.RequestId));
        Assert.Equal(7, (await service.ReportAsync(MetricsWindow.OneHour)).Requests);
    }
}

public sealed class SqliteMetricsStorageTests(MigratedSqliteTestDatabase database)
    : MetricsStorageTests<MigratedSqliteTestDatabase>(database);

public sealed class PostgresMetricsStorageTests(MigratedPostgresTestDatabase database)
    : MetricsStorageTests<MigratedPostgresTestDatabase>(database);
