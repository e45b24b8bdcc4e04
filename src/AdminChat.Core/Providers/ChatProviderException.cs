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
}

/// <summary>A provider failure classified by kind. The message is for logs and never contains secrets.</summary>
public sealed class ChatProviderException(ChatErrorKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ChatErrorKind Kind { get; } = kind;

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
}
