using System.Text.RegularExpressions;

namespace AdminChat.Core.Providers;

public static partial class SecretMask
{
    /// <summary>Shows enough of a key to recognise it and no more: <c>sk-or-v...abcd</c>.</summary>
    public static string Mask(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return "(not set)";
        }

        return secret.Length <= 12 ? new string('*', secret.Length) : $"{secret[..7]}...{secret[^4..]}";
    }

    /// <summary>Masks anything that looks like an API key inside a provider's message before it is logged.</summary>
    public static string MaskKeysIn(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : KeyPattern().Replace(text, m => Mask(m.Value));

    [GeneratedRegex(@"(sk|rk|pk)-[A-Za-z0-9_\-]{8,}|Bearer\s+[A-Za-z0-9_\-\.]{8,}")]
    private static partial Regex KeyPattern();
}
