using System.Globalization;

namespace AdminChat.Core.Experiments;

/// <summary>
/// What the running experiments change for one person's next answer. Null fields keep the app's settings.
/// <see cref="Tag"/> goes into the request's Variant column ("x3:B", comma-separated when several experiments run).
/// </summary>
public sealed record ExperimentOverrides(string? Tag, string? Label, string? Model = null, string? Tier = null,
    int? WordsPerChunk = null, int? PacingMs = null, string? SystemPrompt = null, float? Temperature = null,
    int? MaxOutputTokens = null)
{
    public static ExperimentOverrides None { get; } = new(null, null);
}

/// <summary>Turns the running experiments into one person's overrides; the results page parses the tags back.</summary>
public sealed class ExperimentAssignment(ExperimentStore store)
{
    public async Task<ExperimentOverrides> ForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var running = await store.RunningAsync(cancellationToken).ConfigureAwait(false);
        return Combine(running, userId);
    }

    /// <summary>Running experiments never share a setting (see <see cref="ExperimentStore.StartAsync"/>), so the merge is a union.</summary>
    public static ExperimentOverrides Combine(IReadOnlyList<Experiment> running, string userId)
    {
        ArgumentNullException.ThrowIfNull(running);
        var result = ExperimentOverrides.None;
        var tags = new List<string>();
        var labels = new List<string>();
        foreach (var experiment in running.Where(e => e.Variants.Count > 0))
        {
            var variant = experiment.Variants[ExperimentAssigner.Assign(experiment.Id, userId, [.. experiment.Variants.Select(v => v.Weight)])];
            tags.Add(Tag(experiment.Id, variant.Key));
            labels.Add($"{experiment.Name}: {variant.Key} · {variant.Name}");
            result = result with
            {
                Model = variant.Model ?? result.Model,
                Tier = variant.Tier ?? result.Tier,
                WordsPerChunk = variant.WordsPerChunk ?? result.WordsPerChunk,
                PacingMs = variant.PacingMs ?? result.PacingMs,
                SystemPrompt = variant.SystemPrompt ?? result.SystemPrompt,
                Temperature = variant.Temperature ?? result.Temperature,
                MaxOutputTokens = variant.MaxOutputTokens ?? result.MaxOutputTokens,
            };
        }

        return tags.Count == 0 ? result : result with { Tag = string.Join(',', tags), Label = string.Join(" | ", labels) };
    }

    public static string Tag(int experimentId, string variantKey) =>
        string.Create(CultureInfo.InvariantCulture, $"x{experimentId}:{variantKey}");

    /// <summary>The variant key this tag list holds for the experiment, or null.</summary>
    public static string? KeyFor(string? tags, int experimentId)
    {
        if (string.IsNullOrEmpty(tags))
        {
            return null;
        }

        var prefix = string.Create(CultureInfo.InvariantCulture, $"x{experimentId}:");
        foreach (var tag in tags.Split(','))
        {
            if (tag.StartsWith(prefix, StringComparison.Ordinal))
            {
                return tag[prefix.Length..];
            }
        }

        return null;
    }
}
