namespace AdminChat.Core.Experiments;

public enum ExperimentState
{
    Draft,
    Running,
    Stopped,
}

/// <summary>What an experiment is judged on; the results page leads with it.</summary>
public enum PrimaryMetric
{
    Ttft,
    TotalTime,
    CompletionRate,
    ErrorRate,
    Satisfaction,
}

/// <summary>The settings a variant can change. Two running experiments may not change the same one.</summary>
[Flags]
public enum ExperimentSetting
{
    None = 0,
    Model = 1,
    Chunking = 2,
    SystemPrompt = 4,
    Temperature = 8,
    MaxTokens = 16,
}

/// <summary>An A/B (or A/B/C…) test: users are split between variants by a stable hash, each variant changes some settings.</summary>
public sealed class Experiment
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public string Hypothesis { get; set; } = string.Empty;

    public PrimaryMetric PrimaryMetric { get; set; }

    public ExperimentState State { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>UTC; set when it starts running.</summary>
    public DateTime? StartedAt { get; set; }

    /// <summary>UTC; set when it is stopped.</summary>
    public DateTime? StoppedAt { get; set; }

    /// <summary>In key order (A, B, C…); A is the control the others are compared with.</summary>
    public List<ExperimentVariant> Variants { get; set; } = [];

    /// <summary>Every setting any variant changes.</summary>
    public ExperimentSetting Settings => Variants.Aggregate(ExperimentSetting.None, (all, v) => all | v.Settings);
}

public sealed class ExperimentVariant
{
    public const int MaxNameLength = 60;

    public int Id { get; set; }

    public int ExperimentId { get; set; }

    /// <summary>"A", "B", …: short, stable, and what requests are tagged with.</summary>
    public required string Key { get; set; }

    public required string Name { get; set; }

    /// <summary>Relative share of users; 1:1 is an even split.</summary>
    public int Weight { get; set; } = 1;

    /// <summary>A model id from the picker; null keeps the person's choice.</summary>
    public string? Model { get; set; }

    /// <summary>A routing tier by name, kept for when routing reads it.</summary>
    public string? Tier { get; set; }

    public int? WordsPerChunk { get; set; }

    public int? PacingMs { get; set; }

    public string? SystemPrompt { get; set; }

    public float? Temperature { get; set; }

    public int? MaxOutputTokens { get; set; }

    public ExperimentSetting Settings =>
        (Model is not null || Tier is not null ? ExperimentSetting.Model : 0)
        | (WordsPerChunk is not null || PacingMs is not null ? ExperimentSetting.Chunking : 0)
        | (SystemPrompt is not null ? ExperimentSetting.SystemPrompt : 0)
        | (Temperature is not null ? ExperimentSetting.Temperature : 0)
        | (MaxOutputTokens is not null ? ExperimentSetting.MaxTokens : 0);
}
