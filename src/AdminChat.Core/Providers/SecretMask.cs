namespace AdminChat.Core.Providers;

public static class SecretMask
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
}
