using Microsoft.Extensions.Options;

namespace AdminChat.Core.Routing;

/// <summary>Money held for one request until it is settled; it belongs to the UTC day it was taken on.</summary>
public sealed record BudgetReservation(decimal Amount, DateOnly Day);

/// <summary>The day's budget (null: none), what is spent, what is held for requests in flight, and when it resets.</summary>
public sealed record BudgetSnapshot(decimal? Budget, decimal Spent, decimal Reserved, DateTimeOffset ResetsAt)
{
    public decimal? Remaining => Budget is { } budget ? Math.Max(0, budget - Spent - Reserved) : null;
}

/// <summary>
/// The daily budget, held across concurrent requests: a request reserves the most it can cost before the model is
/// called, and settles to its real cost after. Reservations and settlements happen under one lock, so the
/// day's spend plus everything reserved never exceeds the budget, however many requests run at once. The day is
/// the UTC day; it resets at 00:00 UTC. A singleton: every circuit shares it.
/// </summary>
public sealed class BudgetLedger(TimeProvider time, IOptions<RoutingOptions> options)
{
    private readonly Lock _lock = new();
    private decimal? _budget = options.Value.DailyBudget;
    private DateOnly _day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
    private decimal _spent;
    private decimal _reserved;

    /// <summary>Holds <paramref name="maxCost"/> when it fits in what is left today; null when it does not.</summary>
    public BudgetReservation? TryReserve(decimal maxCost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCost);
        lock (_lock)
        {
            Roll();
            if (_budget is { } budget && _spent + _reserved + maxCost > budget)
            {
                return null;
            }

            _reserved += maxCost;
            return new BudgetReservation(maxCost, _day);
        }
    }

    /// <summary>Releases the reservation and counts what the request really cost (a reservation from an earlier day only counts there).</summary>
    public void Settle(BudgetReservation reservation, decimal actualCost)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        lock (_lock)
        {
            Roll();
            if (reservation.Day == _day)
            {
                _reserved -= reservation.Amount;
                _spent += actualCost;
            }
        }
    }

    /// <summary>Counts spend recorded before this process started (read from the request metrics at start-up).</summary>
    public void AddRecordedSpend(DateOnly day, decimal spent)
    {
        lock (_lock)
        {
            Roll();
            if (day == _day)
            {
                _spent += spent;
            }
        }
    }

    public void SetBudget(decimal? budget)
    {
        lock (_lock)
        {
            _budget = budget;
        }
    }

    public BudgetSnapshot Snapshot()
    {
        lock (_lock)
        {
            Roll();
            return new BudgetSnapshot(_budget, _spent, _reserved, ResetsAt(_day));
        }
    }

    public static DateTimeOffset ResetsAt(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private void Roll()
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (today != _day)
        {
            _day = today;
            _spent = 0;
            _reserved = 0;
        }
    }
}
