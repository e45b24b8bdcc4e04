using AdminChat.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace AdminChat.Core.Experiments;

public enum ExperimentChange
{
    Done,
    NotFound,

    /// <summary>Only a draft can be started, only a running experiment stopped, only a draft edited.</summary>
    WrongState,

    /// <summary>Another running experiment already changes one of the same settings.</summary>
    SettingTaken,

    Invalid,
}

/// <summary>The outcome of a change; <see cref="Conflict"/> names the running experiment in the way.</summary>
public sealed record ExperimentChangeResult(ExperimentChange Outcome, Experiment? Conflict = null, string? Problem = null)
{
    public bool Succeeded => Outcome == ExperimentChange.Done;
}

/// <summary>Experiments and their variants in the app's database.</summary>
public sealed class ExperimentStore(IDbContextFactory<AdminChatDbContext> contextFactory, TimeProvider timeProvider)
{
    public const int MaxVariants = 6;

    public async Task<IReadOnlyList<Experiment>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var list = await db.Experiments.AsNoTracking().Include(e => e.Variants).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var experiment in list)
        {
            Order(experiment);
        }

        return [.. list.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)];
    }

    public async Task<Experiment?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var experiment = await db.Experiments.AsNoTracking().Include(e => e.Variants)
            .SingleOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false);
        return experiment is null ? null : Order(experiment);
    }

    /// <summary>Running experiments, variants in key order; read for every new question, so kept to one small query.</summary>
    public async Task<IReadOnlyList<Experiment>> RunningAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var running = await db.Experiments.AsNoTracking().Include(e => e.Variants)
            .Where(e => e.State == ExperimentState.Running).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. running.Select(Order).OrderBy(e => e.Id)];
    }

    /// <summary>Saves a new draft; variants get keys A, B, C… in the order given.</summary>
    public async Task<(ExperimentChangeResult Result, int Id)> CreateAsync(Experiment draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (Validate(draft) is { } problem)
        {
            return (new ExperimentChangeResult(ExperimentChange.Invalid, Problem: problem), 0);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        draft.Id = 0;
        draft.State = ExperimentState.Draft;
        draft.CreatedAt = timeProvider.GetUtcNow().UtcDateTime;
        draft.StartedAt = null;
        draft.StoppedAt = null;
        draft.Name = draft.Name.Trim();
        for (var i = 0; i < draft.Variants.Count; i++)
        {
            draft.Variants[i].Id = 0;
            draft.Variants[i].Key = ((char)('A' + i)).ToString();
            draft.Variants[i].Name = draft.Variants[i].Name.Trim();
        }

        db.Experiments.Add(draft);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (new ExperimentChangeResult(ExperimentChange.Done), draft.Id);
    }

    /// <summary>
    /// Starts a draft, unless a running experiment already changes one of its settings: two experiments on the same
    /// setting would override each other and neither result would mean anything.
    /// </summary>
    public async Task<ExperimentChangeResult> StartAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var experiment = await db.Experiments.Include(e => e.Variants).SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            .ConfigureAwait(false);
        if (experiment is null)
        {
            return new ExperimentChangeResult(ExperimentChange.NotFound);
        }

        if (experiment.State != ExperimentState.Draft)
        {
            return new ExperimentChangeResult(ExperimentChange.WrongState);
        }

        var running = await db.Experiments.AsNoTracking().Include(e => e.Variants)
            .Where(e => e.State == ExperimentState.Running).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (running.FirstOrDefault(r => (r.Settings & experiment.Settings) != 0) is { } conflict)
        {
            return new ExperimentChangeResult(ExperimentChange.SettingTaken, Order(conflict));
        }

        experiment.State = ExperimentState.Running;
        experiment.StartedAt = timeProvider.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new ExperimentChangeResult(ExperimentChange.Done);
    }

    public async Task<ExperimentChangeResult> StopAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var experiment = await db.Experiments.SingleOrDefaultAsync(e => e.Id == id, cancellationToken).ConfigureAwait(false);
        if (experiment is null)
        {
            return new ExperimentChangeResult(ExperimentChange.NotFound);
        }

        if (experiment.State != ExperimentState.Running)
        {
            return new ExperimentChangeResult(ExperimentChange.WrongState);
        }

        experiment.State = ExperimentState.Stopped;
        experiment.StoppedAt = timeProvider.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new ExperimentChangeResult(ExperimentChange.Done);
    }

    /// <summary>Null when the draft can be saved; otherwise a key naming the first problem (see the Web resources).</summary>
    public static string? Validate(Experiment draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Trim().Length > 120)
        {
            return "NameRequired";
        }

        if (draft.Variants.Count is < 2 or > MaxVariants)
        {
            return "VariantCount";
        }

        if (draft.Variants.Any(v => string.IsNullOrWhiteSpace(v.Name) || v.Name.Trim().Length > ExperimentVariant.MaxNameLength))
        {
            return "VariantName";
        }

        if (draft.Variants.Any(v => v.Weight is < 1 or > 1000))
        {
            return "Weight";
        }

        if (draft.Variants.Any(v => v.WordsPerChunk is < 1 or > 100 || v.PacingMs is < 0 or > 1000
            || v.Temperature is < 0 or > 2 || v.MaxOutputTokens is < 1 or > 200_000))
        {
            return "OverrideRange";
        }

        return draft.Settings == ExperimentSetting.None ? "NothingChanges" : null;
    }

    private static Experiment Order(Experiment experiment)
    {
        experiment.Variants = [.. experiment.Variants.OrderBy(v => v.Key, StringComparer.Ordinal)];
        return experiment;
    }
}
