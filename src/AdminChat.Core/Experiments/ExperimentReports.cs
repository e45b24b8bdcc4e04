using AdminChat.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminChat.Core.Experiments;

/// <summary>Reads an experiment's requests and ratings and builds its report.</summary>
public sealed class ExperimentReports(
    IDbContextFactory<AdminChatDbContext> contextFactory,
    ExperimentStore store,
    IOptionsMonitor<ExperimentsOptions> options,
    TimeProvider timeProvider)
{
    public async Task<ExperimentReport?> BuildAsync(int experimentId, CancellationToken cancellationToken = default)
    {
        var experiment = await store.GetAsync(experimentId, cancellationToken).ConfigureAwait(false);
        if (experiment is null)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (experiment.StartedAt is not { } from)
        {
            return ExperimentResults.Build(experiment, [], [], options.CurrentValue.MinimumSamplesPerVariant, now);
        }

        var to = experiment.StoppedAt ?? DateTime.MaxValue;
        var prefix = ExperimentAssignment.Tag(experimentId, string.Empty);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        // The Contains narrows in the database; KeyFor then checks the exact tag ("x1:" is also inside "x11:").
        var metrics = await db.RequestMetrics.AsNoTracking()
            .Where(m => m.StartedAt >= from && m.StartedAt <= to && m.Variant != null && m.Variant.Contains(prefix))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var rated = await db.Messages.AsNoTracking()
            .Where(m => m.Feedback != null && m.Variant != null && m.Variant.Contains(prefix))
            .Select(m => new { m.Variant, m.Feedback })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var ratings = rated
            .Select(r => (Key: ExperimentAssignment.KeyFor(r.Variant, experimentId), Up: r.Feedback > 0))
            .Where(r => r.Key is not null)
            .Select(r => new RatedAnswer(r.Key!, r.Up))
            .ToList();
        // The bootstrap is CPU work of up to a second on a large experiment: keep it off the caller's (the circuit's) thread.
        var minimum = options.CurrentValue.MinimumSamplesPerVariant;
        return await Task.Run(() => ExperimentResults.Build(experiment, metrics, ratings, minimum, now), cancellationToken)
            .ConfigureAwait(false);
    }
}
