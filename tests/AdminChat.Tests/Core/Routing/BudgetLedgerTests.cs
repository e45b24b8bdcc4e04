using AdminChat.Core.Routing;
using AdminChat.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace AdminChat.Tests.Core.Routing;

public sealed class BudgetLedgerTests
{
    private static BudgetLedger Ledger(decimal? budget, TimeProvider time) =>
        new(time, Options.Create(new RoutingOptions { DailyBudget = budget }));

    [Fact]
    public void TryReserve_BeyondWhatIsLeft_Refuses()
    {
        var ledger = Ledger(1m, new ManualTimeProvider());

        Assert.NotNull(ledger.TryReserve(0.6m));
        Assert.Null(ledger.TryReserve(0.5m));
        Assert.NotNull(ledger.TryReserve(0.4m));
    }

    [Fact]
    public void Settle_BelowTheReservation_FreesTheDifference()
    {
        var ledger = Ledger(1m, new ManualTimeProvider());
        var held = ledger.TryReserve(0.9m)!;

        ledger.Settle(held, 0.1m);

        Assert.Equal(0.1m, ledger.Snapshot().Spent);
        Assert.Equal(0m, ledger.Snapshot().Reserved);
        Assert.NotNull(ledger.TryReserve(0.9m));
    }

    [Fact]
    public void Snapshot_NextUtcDay_StartsFromZeroAndSaysWhenItResets()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.Zero));
        var ledger = Ledger(1m, time);
        ledger.Settle(ledger.TryReserve(1m)!, 1m);
        Assert.Null(ledger.TryReserve(0.01m));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), ledger.Snapshot().ResetsAt);

        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0m, ledger.Snapshot().Spent);
        Assert.NotNull(ledger.TryReserve(1m));
    }

    [Fact]
    public void TryReserve_NoBudget_AlwaysFits()
    {
        var ledger = Ledger(null, new ManualTimeProvider());

        Assert.NotNull(ledger.TryReserve(1_000_000m));
    }

    [Fact]
    public void SetBudget_Raised_LetsWaitingRequestsFit()
    {
        var ledger = Ledger(1m, new ManualTimeProvider());
        ledger.Settle(ledger.TryReserve(1m)!, 1m);

        ledger.SetBudget(2m);

        Assert.NotNull(ledger.TryReserve(1m));
    }
}
