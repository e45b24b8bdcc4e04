using System.ComponentModel.DataAnnotations;

namespace AdminChat.Core.Streaming;

/// <summary>Bound from <c>AdminChat:Streaming</c>.</summary>
public sealed class StreamingOptions
{
    public const string Section = "AdminChat:Streaming";

    [Range(1, 100)]
    public int WordsPerChunk { get; set; } = 3;

    /// <summary>How long a first pending word may wait for the chunk to fill before the words so far are sent.</summary>
    [Range(0, 5_000)]
    public int HoldMs { get; set; } = 40;

    /// <summary>Optional delay between chunks; 0 sends each chunk as soon as it is complete.</summary>
    [Range(0, 1_000)]
    public int PacingMs { get; set; }

    /// <summary>With pacing on, chunks grow so that what is shown stays within this lag of what the model produced.</summary>
    [Range(1, 10_000)]
    public int MaxDisplayLagMs { get; set; } = 250;
}
