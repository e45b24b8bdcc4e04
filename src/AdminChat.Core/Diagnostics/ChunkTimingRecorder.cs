using Microsoft.Extensions.Options;

namespace AdminChat.Core.Diagnostics;

/// <summary>
/// The server's own overhead per chunk, for the benchmark: from the moment a chunk could go out (the arrival of the
/// provider text that completed it, or the end of its deliberate hold or pacing wait) to the moment the consumer
/// asked for the next chunk, which in the app is after the chunk was appended and its render handed to the circuit.
/// Off by default (<see cref="DiagnosticsOptions.ChunkTimings"/>): then <see cref="Enabled"/> is false and the
/// only cost per chunk is that check. Samples are kept in a bounded buffer (the oldest are overwritten).
/// </summary>
public sealed class ChunkTimingRecorder(IOptions<DiagnosticsOptions> options, TimeProvider time)
{
    private const int Capacity = 200_000;
    private readonly Lock _gate = new();
    private double[]? _samples;
    private long _count;

    public bool Enabled { get; } = options.Value.ChunkTimings;

    /// <summary>Records one chunk that was ready at <paramref name="readyTimestamp"/> (a <see cref="TimeProvider"/> timestamp).</summary>
    public void Record(long readyTimestamp)
    {
        if (!Enabled || readyTimestamp == 0)
        {
            return;
        }

        var microseconds = time.GetElapsedTime(readyTimestamp).TotalMicroseconds;
        lock (_gate)
        {
            _samples ??= new double[Capacity];
            _samples[_count % Capacity] = microseconds;
            _count++;
        }
    }

    /// <summary>The samples in microseconds (at most the last 200,000), then starts afresh when asked to.</summary>
    public double[] Snapshot(bool reset)
    {
        lock (_gate)
        {
            var kept = (int)Math.Min(_count, Capacity);
            var copy = _samples is null ? [] : _samples.AsSpan(0, kept).ToArray();
            if (reset)
            {
                _count = 0;
            }

            return copy;
        }
    }
}
