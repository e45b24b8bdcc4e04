// The performance panel's benchmark: seeds N requests (default 1,000,000) spread over the last 7 days into a fresh
// SQLite database, then times the P50/P95/P99 query and the panel's full report for every window, and the time the
// streaming path spends handing one record to the recorder. Usage:
//   dotnet run -c Release --project bench/AdminChat.MetricsBench -- [--rows 1000000] [--runs 7] [--keep]
using System.Diagnostics;
using System.Globalization;
using AdminChat.Core.Metrics;
using AdminChat.Core.Storage;
using AdminChat.Core.Streaming;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

var rows = Option("--rows", 1_000_000);
var runs = Option("--runs", 7);
var keep = args.Contains("--keep");
var path = Path.Combine(Path.GetTempPath(), $"adminchat-metricsbench-{Guid.NewGuid():N}.db");
var connectionString = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 60 }.ToString();
var factory = new Factory(connectionString);
var clock = TimeProvider.System;

Console.WriteLine($"AdminChat metrics benchmark: {rows:N0} requests over 7 days, SQLite at {path}, {runs} runs per figure");
Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores");

await using (var services = new ServiceCollection().AddSingleton<IDbContextFactory<AdminChatDbContext>>(factory).BuildServiceProvider())
{
    await services.InitializeDatabaseAsync();
}

var seeding = Stopwatch.StartNew();
await SeedAsync(connectionString, rows, clock.GetUtcNow());
Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:F1} s ({new FileInfo(path).Length / 1024 / 1024} MiB)");

var service = new MetricsService(factory, clock, new Fixed<MetricsOptions>(new()), new Fixed<StreamingOptions>(new()));
Console.WriteLine();
Console.WriteLine("P50/P95/P99 TTFT query (ms)     rows in window     min   median      max   P50/P95/P99");
foreach (var window in Enum.GetValues<MetricsWindow>())
{
    PercentileSummary summary = default;
    var times = await TimeAsync(runs, async () => summary = await service.TtftPercentilesAsync(window));
    Console.WriteLine($"  {window.Code(),-28} {summary.Count,14:N0} {times[0],8:F1} {times[times.Length / 2],8:F1} {times[^1],8:F1}   "
        + $"{summary.P50:F0}/{summary.P95:F0}/{summary.P99:F0}");
}

Console.WriteLine();
Console.WriteLine("Whole panel report (ms)          requests           min   median      max");
foreach (var window in Enum.GetValues<MetricsWindow>())
{
    MetricsReport? report = null;
    var times = await TimeAsync(Math.Min(runs, 3), async () => report = await service.ReportAsync(window));
    Console.WriteLine($"  {window.Code(),-28} {report!.Requests,14:N0} {times[0],8:F1} {times[times.Length / 2],8:F1} {times[^1],8:F1}");
}

await MeasureRecordingOverheadAsync(factory, 200_000);

if (!keep)
{
    SqliteConnection.ClearAllPools();
    foreach (var suffix in new[] { "", "-wal", "-shm" })
    {
        File.Delete(path + suffix);
    }
}

return;

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static async Task<double[]> TimeAsync(int runs, Func<Task> action)
{
    await action(); // warm-up: query compilation and the page cache, which a live panel has too
    var times = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await action();
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    Array.Sort(times);
    return times;
}

// Plain prepared inserts in one transaction: EF would take minutes for a million rows, and the rows are the same.
static async Task SeedAsync(string connectionString, int rows, DateTimeOffset now)
{
    await using var connection = new SqliteConnection(connectionString);
    await connection.OpenAsync();
    await using var transaction = connection.BeginTransaction();
    await using var insert = connection.CreateCommand();
    insert.CommandText = """
        INSERT INTO RequestMetrics (RequestId, UserId, ConversationId, Provider, Model, Tier, Variant, StartedAt, TtftMs,
            PerceivedTtftMs, TotalMs, InputTokens, OutputTokens, TokensPerSecond, Chunks, Outcome, ErrorKind, Cost, Simulated)
        VALUES ($id, 'bench-user', NULL, $provider, $model, NULL, NULL, $at, $ttft, $perceived, $total, 200, 400, $tps, 40,
            $outcome, NULL, NULL, 0)
        """;
    var id = insert.Parameters.Add("$id", SqliteType.Text);
    var provider = insert.Parameters.Add("$provider", SqliteType.Text);
    var model = insert.Parameters.Add("$model", SqliteType.Text);
    var at = insert.Parameters.Add("$at", SqliteType.Text);
    var ttft = insert.Parameters.Add("$ttft", SqliteType.Real);
    var perceived = insert.Parameters.Add("$perceived", SqliteType.Real);
    var total = insert.Parameters.Add("$total", SqliteType.Real);
    var tps = insert.Parameters.Add("$tps", SqliteType.Real);
    var outcome = insert.Parameters.Add("$outcome", SqliteType.Text);
    insert.Prepare();

    var random = new Random(42);
    string[] models = ["openai/gpt-4o-mini", "anthropic/claude-3.5-sonnet", "meta-llama/llama-3.1-70b", "simulated"];
    var span = TimeSpan.FromDays(7).Ticks;
    for (var i = 0; i < rows; i++)
    {
        var m = random.Next(models.Length);
        // Log-normal around 300-900 ms depending on the model: a long tail, like real providers.
        var first = Math.Exp(Math.Log(300 + (m * 200)) + (0.6 * Gaussian(random)));
        var fails = random.NextDouble() < 0.02;
        id.Value = i.ToString("x8", CultureInfo.InvariantCulture);
        provider.Value = m == 3 ? "Simulated" : "OpenRouter";
        model.Value = models[m];
        // Oldest first, the way rows arrive; the same text format EF Core's SQLite provider writes.
        at.Value = (now.UtcDateTime - TimeSpan.FromTicks(span - (span / rows * i))).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        ttft.Value = fails ? DBNull.Value : first;
        perceived.Value = fails ? DBNull.Value : first + 20 + random.Next(30);
        total.Value = first + 2_000 + random.Next(8_000);
        tps.Value = 40 + random.Next(80);
        outcome.Value = fails ? "Error" : random.NextDouble() < 0.1 ? "Stopped" : "Complete";
        await insert.ExecuteNonQueryAsync();
    }

    await transaction.CommitAsync();
    await using var analyze = connection.CreateCommand();
    analyze.CommandText = "ANALYZE;";
    await analyze.ExecuteNonQueryAsync();
}

static double Gaussian(Random random) =>
    Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

// What an answer pays for being recorded: Record() on the streaming path, with the writer storing in the background.
static async Task MeasureRecordingOverheadAsync(IDbContextFactory<AdminChatDbContext> factory, int count)
{
    var recorder = new MetricsRecorder(factory, Options.Create(new MetricsOptions { QueueCapacity = count }), NullLogger<MetricsRecorder>.Instance);
    await recorder.StartAsync(CancellationToken.None);
    var now = TimeProvider.System.GetUtcNow();
    var records = Enumerable.Range(0, count).Select(i => new StreamRecord
    {
        RequestId = $"overhead-{i}", Provider = "bench", Model = "bench-model", StartedAt = now, UserId = "bench-user",
        ConversationId = Guid.NewGuid(), TimeToFirstChunk = TimeSpan.FromMilliseconds(300), Total = TimeSpan.FromSeconds(3),
        Chunks = 40, Usage = new(200, 400), Outcome = StreamOutcome.Complete,
    }).ToArray();

    var perCall = new double[count];
    for (var i = 0; i < count; i++)
    {
        var start = Stopwatch.GetTimestamp();
        recorder.Record(records[i]);
        perCall[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    var draining = Stopwatch.StartNew();
    await recorder.StopAsync(CancellationToken.None);
    var summary = Percentiles.Summarize(perCall);
    Console.WriteLine();
    Console.WriteLine($"Recording overhead on the streaming path, {count:N0} records while the writer stores them:");
    Console.WriteLine($"  per request: mean {perCall.Average():F2} µs, P50 {summary.P50:F2} µs, P99 {summary.P99:F2} µs, max {perCall.Max():F0} µs");
    Console.WriteLine($"  stored {recorder.Written:N0}, dropped {recorder.Dropped}, failed {recorder.FailedWrites}; "
        + $"the writer finished {draining.Elapsed.TotalSeconds:F1} s after the last record");
}

internal sealed class Factory(string connectionString) : IDbContextFactory<AdminChatDbContext>
{
    public AdminChatDbContext CreateDbContext() =>
        new SqliteAdminChatDbContext(new DbContextOptionsBuilder<SqliteAdminChatDbContext>().UseSqlite(connectionString).Options);
}

internal sealed class Fixed<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
