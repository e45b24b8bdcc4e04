using AdminChat.Core.Storage;
using AdminChat.Core.Streaming;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Metrics;

/// <summary>Reads recorded requests back for the panel, the percentile query and the CSV export.</summary>
public sealed class MetricsService(
    IDbContextFactory<AdminChatDbContext> contextFactory,
    TimeProvider timeProvider,
    IOptionsMonitor<MetricsOptions> options,
    IOptionsMonitor<StreamingOptions> streaming)
{
    public MetricsOptions Options => options.CurrentValue;

    /// <summary>
    /// P50/P95/P99 of server-side TTFT in [from, to), as <see cref="Percentiles"/> defines them. On SQLite, one column
    /// is read through the (StartedAt, TtftMs) index, which covers the query, with a plain data reader (EF's
    /// materialisation costs more than the read), and the percentiles are selected in memory. On PostgreSQL the
    /// server computes them with percentile_cont, which is the same definition. Figures: README, "Performance panel".
    /// </summary>
    public async Task<PercentileSummary> TtftPercentilesAsync(DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (db.Database.IsNpgsql())
        {
            var row = await db.Database.SqlQuery<PostgresPercentiles>($"""
                SELECT count(*)::int AS "Count",
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY "TtftMs") AS "P50",
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY "TtftMs") AS "P95",
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY "TtftMs") AS "P99"
                FROM "RequestMetrics"
                WHERE "StartedAt" >= {from} AND "StartedAt" < {to} AND "TtftMs" IS NOT NULL
                """).SingleAsync(cancellationToken).ConfigureAwait(false);
            return row.Count == 0 ? PercentileSummary.Empty : new PercentileSummary(row.Count, row.P50, row.P95, row.P99);
        }

        if (db.Database.IsSqlite())
        {
            return Percentiles.Summarize(await ReadTtftSqliteAsync(db, from, to, cancellationToken).ConfigureAwait(false));
        }

        var values = await db.RequestMetrics.AsNoTracking()
            .Where(m => m.StartedAt >= from && m.StartedAt < to && m.TtftMs != null)
            .Select(m => m.TtftMs!.Value)
            .ToArrayAsync(cancellationToken).ConfigureAwait(false);
        return Percentiles.Summarize(values);
    }

    private static async Task<double[]> ReadTtftSqliteAsync(AdminChatDbContext db, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT "TtftMs" FROM "RequestMetrics"
                WHERE "StartedAt" >= $from AND "StartedAt" < $to AND "TtftMs" IS NOT NULL
                """;
            // The text format EF Core's SQLite provider stores DateTimes in, so the comparison is the one EF would make.
            AddParameter(command, "$from", SqliteText(from));
            AddParameter(command, "$to", SqliteText(to));
            var values = new List<double>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                values.Add(reader.GetDouble(0));
            }

            return [.. values];
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    // The same projection as the LINQ query in SamplesAsync, read with a plain data reader: about three times faster
    // over a large window, and repeated provider and model names are shared instead of allocated per row.
    private static async Task<IReadOnlyList<MetricSample>> ReadSamplesSqliteAsync(AdminChatDbContext db, DateTime from, DateTime to,
        CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT "StartedAt", "Provider", "Model", "Variant", "TtftMs", "PerceivedTtftMs", "TotalMs", "TokensPerSecond",
                       "Chunks", "Outcome"
                FROM "RequestMetrics"
                WHERE "StartedAt" >= $from AND "StartedAt" < $to
                """;
            AddParameter(command, "$from", SqliteText(from));
            AddParameter(command, "$to", SqliteText(to));
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            string Shared(string name) => names.TryGetValue(name, out var shared) ? shared : names[name] = name;
            var samples = new List<MetricSample>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                samples.Add(new MetricSample(
                    DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc),
                    Shared(reader.GetString(1)),
                    Shared(reader.GetString(2)),
                    reader.IsDBNull(3) ? null : Shared(reader.GetString(3)),
                    reader.IsDBNull(4) ? null : reader.GetDouble(4),
                    reader.IsDBNull(5) ? null : reader.GetDouble(5),
                    reader.GetDouble(6),
                    reader.IsDBNull(7) ? null : reader.GetDouble(7),
                    reader.GetInt32(8),
                    Enum.Parse<StreamOutcome>(reader.GetString(9))));
            }

            return samples;
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static string SqliteText(DateTime value) =>
        value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record PostgresPercentiles(int Count, double? P50, double? P95, double? P99);

    public Task<PercentileSummary> TtftPercentilesAsync(MetricsWindow window, CancellationToken cancellationToken = default)
    {
        var (from, to) = window.Range(timeProvider.GetUtcNow());
        return TtftPercentilesAsync(from, to, cancellationToken);
    }

    /// <summary>The panel's figures for the window ending now, and the degradation check (last 15 minutes against the day before).</summary>
    public async Task<MetricsReport> ReportAsync(MetricsWindow window, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var (from, to) = window.Range(now);
        var samples = await SamplesAsync(from, to, cancellationToken).ConfigureAwait(false);
        var (recent, baseline) = MetricsCalculator.DegradationRanges(now);
        var degradations = MetricsCalculator.Degradations(
            await PeriodAsync(recent.From, recent.To, cancellationToken).ConfigureAwait(false),
            await PeriodAsync(baseline.From, baseline.To, cancellationToken).ConfigureAwait(false),
            options.CurrentValue);
        return MetricsCalculator.Build(samples, window, now, options.CurrentValue, streaming.CurrentValue, degradations);
    }

    private async Task<PeriodFigures> PeriodAsync(DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var ttft = await TtftPercentilesAsync(from, to, cancellationToken).ConfigureAwait(false);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var inRange = db.RequestMetrics.Where(m => m.StartedAt >= from && m.StartedAt < to);
        var requests = await inRange.CountAsync(cancellationToken).ConfigureAwait(false);
        var failed = requests == 0 ? 0 : await inRange
            .CountAsync(m => m.Outcome == StreamOutcome.Error || m.Outcome == StreamOutcome.Partial, cancellationToken).ConfigureAwait(false);
        return new PeriodFigures(requests, failed, ttft);
    }

    public async Task<IReadOnlyList<MetricSample>> SamplesAsync(DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (db.Database.IsSqlite())
        {
            return await ReadSamplesSqliteAsync(db, from, to, cancellationToken).ConfigureAwait(false);
        }

        return await db.RequestMetrics.AsNoTracking()
            .Where(m => m.StartedAt >= from && m.StartedAt < to)
            .Select(m => new MetricSample(m.StartedAt, m.Provider, m.Model, m.Variant, m.TtftMs, m.PerceivedTtftMs, m.TotalMs,
                m.TokensPerSecond, m.Chunks, m.Outcome))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The window's requests, oldest first, streamed from the database so a large export never sits in memory.</summary>
    public async IAsyncEnumerable<RequestMetric> ExportAsync(MetricsWindow window,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (from, to) = window.Range(timeProvider.GetUtcNow());
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = db.RequestMetrics.AsNoTracking()
            .Where(m => m.StartedAt >= from && m.StartedAt < to)
            .OrderBy(m => m.StartedAt).ThenBy(m => m.Id)
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }
}
