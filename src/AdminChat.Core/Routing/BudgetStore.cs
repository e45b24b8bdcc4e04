using AdminChat.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace AdminChat.Core.Routing;

/// <summary>Cost figures for the panel: actual against all-Genius, how many were estimated.</summary>
public sealed record CostSummary(int Requests, decimal Cost, decimal GeniusCost, int Estimated)
{
    public decimal Savings => GeniusCost - Cost;

    /// <summary>Share saved against sending everything to Genius (0–1), null with nothing priced.</summary>
    public double? SavingsShare => GeniusCost > 0 ? (double)(Savings / GeniusCost) : null;
}

/// <summary>
/// Keeps the budget across restarts: the admin's runtime budget (with an audit row for every change) and today's
/// spend, read back from the request metrics at start-up. Also answers the panel's cost questions.
/// </summary>
public sealed class BudgetStore(IDbContextFactory<AdminChatDbContext> contextFactory, BudgetLedger ledger, TimeProvider time)
{
    public const int SettingId = 1;

    public BudgetLedger Ledger => ledger;

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var setting = await db.Set<BudgetSetting>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == SettingId, cancellationToken)
            .ConfigureAwait(false);
        if (setting is not null)
        {
            ledger.SetBudget(setting.DailyBudget);
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var summary = await SummarizeAsync(today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            today.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), cancellationToken).ConfigureAwait(false);
        ledger.AddRecordedSpend(today, summary.Cost);
    }

    /// <summary>Sets the daily budget now and for later runs, and writes who changed it from what.</summary>
    public async Task SetBudgetAsync(decimal budget, string userId, string? userName, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().UtcDateTime;
        var setting = await db.Set<BudgetSetting>().SingleOrDefaultAsync(s => s.Id == SettingId, cancellationToken).ConfigureAwait(false);
        var old = setting?.DailyBudget ?? ledger.Snapshot().Budget;
        if (setting is null)
        {
            setting = new BudgetSetting { Id = SettingId };
            db.Add(setting);
        }

        setting.DailyBudget = budget;
        setting.UpdatedAt = now;
        setting.UpdatedBy = userId;
        db.Add(new BudgetChange { At = now, UserId = userId, UserName = userName, OldBudget = old, NewBudget = budget });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        ledger.SetBudget(budget);
    }

    public async Task<IReadOnlyList<BudgetChange>> RecentChangesAsync(int count = 10, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<BudgetChange>().AsNoTracking().OrderByDescending(c => c.Id).Take(count)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Priced requests in [from, to). Summed here, not in SQL: SQLite cannot aggregate decimals.</summary>
    public async Task<CostSummary> SummarizeAsync(DateTime from, DateTime to, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.RequestMetrics.AsNoTracking()
            .Where(m => m.StartedAt >= from && m.StartedAt < to && m.Cost != null)
            .Select(m => new { m.Cost, m.GeniusCost, m.CostEstimated })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new CostSummary(rows.Count, rows.Sum(r => r.Cost ?? 0), rows.Sum(r => r.GeniusCost ?? r.Cost ?? 0),
            rows.Count(r => r.CostEstimated));
    }

    public async Task<CostSummary> ConversationAsync(Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.RequestMetrics.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Cost != null)
            .Select(m => new { m.Cost, m.GeniusCost, m.CostEstimated })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new CostSummary(rows.Count, rows.Sum(r => r.Cost ?? 0), rows.Sum(r => r.GeniusCost ?? r.Cost ?? 0),
            rows.Count(r => r.CostEstimated));
    }
}

/// <summary>Loads the budget and today's spend once the database is migrated (hosted services start after that).</summary>
internal sealed class BudgetStartup(BudgetStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
