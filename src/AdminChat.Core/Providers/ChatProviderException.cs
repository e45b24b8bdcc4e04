namespace AdminChat.Core.Providers;

/// <summary>Why a model call failed, in terms a person can act on; the UI maps each to a message.</summary>
public enum ChatErrorKind
{
    Unknown,
    Unauthorized,
    PaymentRequired,
    RateLimited,
    ModelNotFound,
    Timeout,
    NetworkUnreachable,
    ProviderError,
    ContentFiltered,
    BadRequest,
    SimulatedNotAllowed,

    /// <summary>The spending limit is reached; set by the budget feature before any provider is asked.</summary>
    BudgetExceeded,
}

/// <summary>A provider failure classified by kind. The message is for logs and never contains secrets.</summary>
public sealed class ChatProviderException(ChatErrorKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ChatErrorKind Kind { get; } = kind;

    /// <summary>How long the provider asked us to wait (Retry-After on a 429), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static ChatErrorKind KindFromStatus(int status) => status switch
    {
        400 => ChatErrorKind.BadRequest,
        401 or 403 => ChatErrorKind.Unauthorized,
        402 => ChatErrorKind.PaymentRequired,
        404 => ChatErrorKind.ModelNotFound,
        408 => ChatErrorKind.Timeout,
        429 => ChatErrorKind.RateLimited,
        >= 500 => ChatErrorKind.ProviderError,
        _ => ChatErrorKind.Unknown,
    };

    /// <summary>Failures worth another attempt at the same provider: they are about the moment, not the request.</summary>
    public static bool IsTransient(ChatErrorKind kind) => kind is ChatErrorKind.RateLimited or ChatErrorKind.ProviderError
        or ChatErrorKind.Timeout or ChatErrorKind.NetworkUnreachable;

    /// <summary>
    /// Failures of the provider rather than of the question: another provider may well answer. Content filter and
    /// bad-request refusals would be refused again, and the budget is the same whichever provider is asked.
    /// </summary>
    public static bool IsProviderFault(ChatErrorKind kind) => kind is not (ChatErrorKind.ContentFiltered
        or ChatErrorKind.BadRequest or ChatErrorKind.BudgetExceeded);

    /// <summary>Parses Retry-After: delta-seconds or an HTTP date (relative to <paramref name="now"/>).</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        }

        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var date)
            ? (date > now ? date - now : TimeSpan.Zero)
            : null;
    }
}
