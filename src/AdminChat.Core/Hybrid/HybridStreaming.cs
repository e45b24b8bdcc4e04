using AdminChat.Core.Modes;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Hybrid;

/// <summary>
/// The hybrid streaming features as the streaming path sees them: off entirely unless the operating mode switches
/// them on (<see cref="OperatingMode.HybridStreaming"/>), so Standard mode streams exactly as before.
/// </summary>
public sealed class HybridStreaming(OperatingMode mode, ResponseCache cache, IOptionsMonitor<HybridOptions> options)
{
    public bool Enabled => mode.HybridStreaming;

    public ResponseCache Cache => cache;

    public HybridOptions Options => options.CurrentValue;
}
