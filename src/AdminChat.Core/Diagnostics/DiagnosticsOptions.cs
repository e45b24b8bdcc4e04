namespace AdminChat.Core.Diagnostics;

/// <summary>Bound from <c>AdminChat:Diagnostics</c>. Everything here is off by default and meant for the benchmark harness.</summary>
public sealed class DiagnosticsOptions
{
    public const string Section = "AdminChat:Diagnostics";

    /// <summary>
    /// Records, per chunk, the time from the provider text that made the chunk ready to the moment the chunk's render
    /// was handed to the circuit (see <see cref="ChunkTimingRecorder"/>), readable by an Admin at
    /// <c>/admin/diagnostics/chunk-timings</c>.
    /// </summary>
    public bool ChunkTimings { get; set; }
}
