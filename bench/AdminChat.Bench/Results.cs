namespace AdminChat.Bench;

public sealed class BenchResults
{
    public bool Quick { get; init; }
    public TimeSpan Elapsed { get; set; }
    public List<double> Overhead1 { get; } = [];
    public List<double> Overhead20 { get; } = [];
    public List<double> ChunkerFloor { get; } = [];
    public List<double> Added1 { get; } = [];
    public List<double> Floor1 { get; } = [];
    public int Missing1 { get; set; }
    public List<double> Added20 { get; } = [];
    public List<double> Floor20 { get; } = [];
    public int Missing20 { get; set; }
    public List<double> FirstText { get; } = [];
    public List<double> FirstTextFloor { get; } = [];
    public List<double> FirstTextCold { get; } = [];
    public List<double> FirstTextWarmStart { get; } = [];
    public List<double> FirstTextCached { get; } = [];
    public List<double> FirstTextColdFloor { get; } = [];
    public (long Managed, long Rss) CapacityBaseline { get; set; }
    public List<CapacityStep> Capacity { get; } = [];
    public List<double> LagFloorOff { get; set; } = [];
    public List<(double SentMs, double Lag)> LagOff { get; set; } = [];
    public List<double> LagFloorOn { get; set; } = [];
    public List<(double SentMs, double Lag)> LagOn { get; set; } = [];
}

public sealed class CapacityStep
{
    public int Circuits { get; init; }
    public string? Failure { get; set; }
    public long IdleManaged { get; set; }
    public long IdleRss { get; set; }
    public long StreamingManaged { get; set; }
    public long StreamingRss { get; set; }
    public List<double> Added { get; } = [];
    public List<double> Floor { get; } = [];
    public int Missing { get; set; }
}
