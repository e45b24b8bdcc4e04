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
    /// P50/P95/P99 of server-side TTFT in [from, to). Reads one column through the (StartedAt, TtftMs) index, which
    /// covers the query, and selects in memory: see the README's "Performance panel" section for the figures.
    /// </summary>
    public async Task<PercentileSummary> TtftPercentilesAsync(DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var values = await db.RequestMetrics.AsNoTracking()
            .Where(m => m.StartedAt >= from && m.StartedAt < to && m.TtftMs != null)
            .Select(m => m.TtftMs!.Value)
            .ToArrayAsync(cancellationToken).ConfigureAwait(false);
        return Percentiles.Summarize(values);
    }

    public Task<PercentileSummary> TtftPercentilesAsync(MetricsWindow window, CancellationToken cancellationToken = default)
    {
        var (from, to) = window.Range(timeProvider.GetUtcNow());
        return TtftPercentilesAsync(from, to, cancellationToken);
    }

    /// <summary>The panel's figures for the window ending now (plus the day before the last 15 minutes, for the banner).</summary>
    public async Task<MetricsReport> ReportAsync(MetricsWindow window, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var span = window.Length() > MetricsCalculator.RecentSpan + MetricsCalculator.BaselineSpan
            ? window.Length()
            : MetricsCalculator.RecentSpan + MetricsCalculator.BaselineSpan;
        var samples = await SamplesAsync(now.UtcDateTime - span, now.UtcDateTime.AddTicks(1), cancellationToken).ConfigureAwait(false);
        return MetricsCalculator.Build(samples, window, now, options.CurrentValue, streaming.CurrentValue);
    }

    public async Task<IReadOnlyList<MetricSample>> SamplesAsync(DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
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
