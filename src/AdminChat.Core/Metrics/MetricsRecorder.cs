using System.Threading.Channels;
using AdminChat.Core.Storage;
using AdminChat.Core.Streaming;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Metrics;

/// <summary>
/// Persists every <see cref="StreamRecord"/> off the streaming path: <see cref="Record"/> only converts the record
/// and tries to put it in a bounded channel (never waits); a background loop writes what has queued up in batches.
/// When the queue is full the record is dropped and counted in <see cref="Dropped"/> (shown on the panel), so a slow
/// or unavailable database can never slow an answer down. On shutdown the queue is drained.
/// </summary>
public sealed partial class MetricsRecorder : IHostedService, IStreamRecordSink
{
    // Perceived TTFT usually arrives while the answer still streams, before its record exists: it waits here.
    private const int MaxPending = 10_000;

    // Ids of the latest records, so that a perceived figure arriving after its record goes to the queue instead.
    private const int RecentCapacity = 1_000;

    private readonly Channel<object> _queue;
    private readonly Dictionary<string, double> _pendingPerceived = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recent = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentOrder = new();
    private readonly Lock _gate = new();
    private readonly IDbContextFactory<AdminChatDbContext> _contextFactory;
    private readonly int _batchSize;
    private readonly ILogger<MetricsRecorder> _logger;
    private Task? _writer;
    private long _dropped;
    private long _failed;
    private long _written;

    public MetricsRecorder(IDbContextFactory<AdminChatDbContext> contextFactory, IOptions<MetricsOptions> options,
        ILogger<MetricsRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _contextFactory = contextFactory;
        _logger = logger;
        _batchSize = options.Value.BatchSize;
        _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: fails instead of waiting, so the loss is counted
            SingleReader = true,
        });
    }

    /// <summary>Records (and perceived figures) not stored because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Records lost because the database refused a batch.</summary>
    public long FailedWrites => Interlocked.Read(ref _failed);

    public long Written => Interlocked.Read(ref _written);

    /// <summary>Raised on the writer's thread after each batch is stored; handlers must return quickly.</summary>
    public event Action? Persisted;

    public void Record(StreamRecord record)
    {
        var metric = RequestMetric.From(record);
        bool queued;
        lock (_gate)
        {
            if (_pendingPerceived.Remove(metric.RequestId, out var perceived))
            {
                metric.PerceivedTtftMs = perceived;
            }

            Remember(metric.RequestId);
            queued = _queue.Writer.TryWrite(metric);
        }

        if (!queued)
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>
    /// The browser's send → first text painted for a request this server streams or streamed. Before the record
    /// exists it is kept and joins the record; afterwards it is queued behind the record as an update of its row.
    /// </summary>
    public void ReportPerceived(string requestId, double milliseconds)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        bool kept;
        lock (_gate)
        {
            if (_recent.Contains(requestId))
            {
                kept = _queue.Writer.TryWrite(new PerceivedReport(requestId, milliseconds));
            }
            else
            {
                kept = _pendingPerceived.Count < MaxPending;
                if (kept)
                {
                    _pendingPerceived[requestId] = milliseconds;
                }
            }
        }

        if (!kept)
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer ??= Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops taking records and waits (as long as the host allows) until everything queued is written.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_writer is { } writer)
        {
            await writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<RequestMetric>(_batchSize);
        // Ends only when StopAsync completes the queue, so what was queued before the stop is still written.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < _batchSize && _queue.Reader.TryRead(out var item))
            {
                if (item is RequestMetric metric)
                {
                    batch.Add(metric);
                    continue;
                }

                // An update must follow the insert of its row, which may be in this very batch.
                await WriteAsync(batch).ConfigureAwait(false);
                batch.Clear();
                await UpdatePerceivedAsync((PerceivedReport)item).ConfigureAwait(false);
            }

            await WriteAsync(batch).ConfigureAwait(false);
            batch.Clear();
            Persisted?.Invoke();
        }
    }

    private void Remember(string requestId)
    {
        if (!_recent.Add(requestId))
        {
            return;
        }

        _recentOrder.Enqueue(requestId);
        if (_recentOrder.Count > RecentCapacity)
        {
            _recent.Remove(_recentOrder.Dequeue());
        }
    }

    private async Task WriteAsync(List<RequestMetric> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var db = await _contextFactory.CreateDbContextAsync().ConfigureAwait(false);
            db.RequestMetrics.AddRange(batch);
            await db.SaveChangesAsync().ConfigureAwait(false);
            Interlocked.Add(ref _written, batch.Count);
        }
#pragma warning disable CA1031 // The writer must outlive a database hiccup; the loss is counted and logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.Add(ref _failed, batch.Count);
            LogWriteFailed(_logger, ex, batch.Count);
        }
    }

    private async Task UpdatePerceivedAsync(PerceivedReport report)
    {
        try
        {
            await using var db = await _contextFactory.CreateDbContextAsync().ConfigureAwait(false);
            await db.RequestMetrics.Where(m => m.RequestId == report.RequestId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.PerceivedTtftMs, report.Milliseconds)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A lost perceived figure must not stop the writer.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _failed);
            LogWriteFailed(_logger, ex, 1);
        }
    }

    private sealed record PerceivedReport(string RequestId, double Milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing {Count} request metrics failed; they are lost")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
