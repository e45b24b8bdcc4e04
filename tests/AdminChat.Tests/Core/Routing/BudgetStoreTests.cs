using AdminChat.Core.Metrics;
using AdminChat.Core.Routing;
using AdminChat.Core.Streaming;
using AdminChat.Tests.Core.Storage;
using AdminChat.Tests.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminChat.Tests.Core.Routing;

/// <summary>The budget survives a restart: the admin's budget with its audit trail, and today's spend from the metrics.</summary>
public abstract class BudgetStoreTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private BudgetStore Store(TimeProvider time) =>
        new(database.Factory, new BudgetLedger(time, Options.Create(new RoutingOptions { DailyBudget = 1m })), time);

    [Fact]
    public async Task SetBudgetAsync_ThenRestart_BudgetKeptAndChangeAudited()
    {
        var time = new ManualTimeProvider(Noon);
        var before = Store(time);
        await before.SetBudgetAsync(7.5m, "admin-1", "admin@example.test");

        var after = Store(time);
        await after.LoadAsync();

        Assert.Equal(7.5m, after.Ledger.Snapshot().Budget);
        var change = (await after.RecentChangesAsync()).First(c => c.UserId == "admin-1");
        Assert.Equal(1m, change.OldBudget);
        Assert.Equal(7.5m, change.NewBudget);
        Assert.Equal("admin@example.test", change.UserName);
    }

    [Fact]
    public async Task LoadAsync_CostsRecordedToday_CountAgainstTodaysBudget()
    {
        var time = new ManualTimeProvider(Noon.AddDays(3));
        await using (var db = database.CreateContext())
        {
            db.RequestMetrics.AddRange(
                Metric(time.GetUtcNow().AddHours(-1), 0.25m, 1.5m),
                Metric(time.GetUtcNow().AddHours(-2), 0.5m, 3m),
                Metric(time.GetUtcNow().AddDays(-1), 9m, 9m));
            await db.SaveChangesAsync();
        }

        var store = Store(time);
        await store.LoadAsync();
        var day = time.GetUtcNow().UtcDateTime.Date;
        var summary = await store.SummarizeAsync(day, day.AddDays(1));

        Assert.Equal(0.75m, store.Ledger.Snapshot().Spent);
        Assert.Equal(0.75m, summary.Cost);
        Assert.Equal(4.5m, summary.GeniusCost);
        Assert.Equal(0.8333, summary.SavingsShare!.Value, 3);
    }

    private static RequestMetric Metric(DateTimeOffset at, decimal cost, decimal genius) => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        Provider = "p",
        Model = "m",
        StartedAt = at.UtcDateTime,
        Outcome = StreamOutcome.Complete,
        Cost = cost,
        GeniusCost = genius,
        Tier = "Fast",
    };
}

public sealed class SqliteBudgetStoreTests(MigratedSqliteTestDatabase database)
    : BudgetStoreTests<MigratedSqliteTestDatabase>(database);

public sealed class PostgresBudgetStoreTests(MigratedPostgresTestDatabase database)
    : BudgetStoreTests<MigratedPostgresTestDatabase>(database);
