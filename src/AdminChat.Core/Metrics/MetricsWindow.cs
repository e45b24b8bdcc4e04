namespace AdminChat.Core.Metrics;

/// <summary>The time windows the panel offers.</summary>
public enum MetricsWindow
{
    FifteenMinutes,
    OneHour,
    OneDay,
    SevenDays,
}

public static class MetricsWindows
{
    public static TimeSpan Length(this MetricsWindow window) => window switch
    {
        MetricsWindow.FifteenMinutes => TimeSpan.FromMinutes(15),
        MetricsWindow.OneHour => TimeSpan.FromHours(1),
        MetricsWindow.OneDay => TimeSpan.FromDays(1),
        MetricsWindow.SevenDays => TimeSpan.FromDays(7),
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, null),
    };

    /// <summary>Chart buckets that give 15 to 28 points whatever the window.</summary>
    public static TimeSpan Bucket(this MetricsWindow window) => window switch
    {
        MetricsWindow.FifteenMinutes => TimeSpan.FromMinutes(1),
        MetricsWindow.OneHour => TimeSpan.FromMinutes(4),
        MetricsWindow.OneDay => TimeSpan.FromHours(1),
        MetricsWindow.SevenDays => TimeSpan.FromHours(6),
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, null),
    };

    /// <summary>Short names for query strings: 15m, 1h, 24h, 7d.</summary>
    public static string Code(this MetricsWindow window) => window switch
    {
        MetricsWindow.FifteenMinutes => "15m",
        MetricsWindow.OneHour => "1h",
        MetricsWindow.OneDay => "24h",
        MetricsWindow.SevenDays => "7d",
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, null),
    };

    public static bool TryParse(string? code, out MetricsWindow window)
    {
        foreach (var candidate in Enum.GetValues<MetricsWindow>())
        {
            if (string.Equals(candidate.Code(), code, StringComparison.OrdinalIgnoreCase))
            {
                window = candidate;
                return true;
            }
        }

        window = MetricsWindow.OneHour;
        return false;
    }

    /// <summary>[from, to): the window ending at <paramref name="now"/>.</summary>
    public static (DateTime From, DateTime To) Range(this MetricsWindow window, DateTimeOffset now) =>
        (now.UtcDateTime - window.Length(), now.UtcDateTime.AddTicks(1));
}
