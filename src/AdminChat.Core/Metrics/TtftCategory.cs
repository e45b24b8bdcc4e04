namespace AdminChat.Core.Metrics;

/// <summary>How a streamed answer's time to first token felt; thresholds come from <see cref="MetricsOptions"/>.</summary>
public enum TtftCategory
{
    Excellent,
    Good,
    Acceptable,
    Slow,
}

public static class TtftCategories
{
    /// <summary>Upper bounds are exclusive: exactly 500 ms with the defaults is "good", not "excellent".</summary>
    public static TtftCategory Categorize(double ttftMs, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ttftMs < options.ExcellentBelowMs ? TtftCategory.Excellent
            : ttftMs < options.GoodBelowMs ? TtftCategory.Good
            : ttftMs < options.AcceptableBelowMs ? TtftCategory.Acceptable
            : TtftCategory.Slow;
    }
}
