using System.ComponentModel.DataAnnotations;

namespace AdminChat.Core.Experiments;

/// <summary>Bound from <c>AdminChat:Experiments</c>.</summary>
public sealed class ExperimentsOptions
{
    public const string Section = "AdminChat:Experiments";

    /// <summary>Below this many samples per variant the results page warns that a verdict is premature.</summary>
    [Range(1, 1_000_000)]
    public int MinimumSamplesPerVariant { get; set; } = 100;
}
