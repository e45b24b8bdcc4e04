namespace AdminChat.Core.Streaming;

/// <summary>The most recent records, in memory, with an event for live views; bounded so it never grows.</summary>
public sealed class RecentStreamRecords : IStreamRecordSink
{
    private const int Capacity = 1_000;
    private readonly Queue<StreamRecord> _records = new();
    private readonly Lock _gate = new();

    public event Action<StreamRecord>? Recorded;

    public void Record(StreamRecord record)
    {
        lock (_gate)
        {
            if (_records.Count == Capacity)
            {
                _records.Dequeue();
            }

            _records.Enqueue(record);
        }

        Recorded?.Invoke(record);
    }

    public IReadOnlyList<StreamRecord> Snapshot()
    {
        lock (_gate)
        {
            return [.. _records];
        }
    }
}
