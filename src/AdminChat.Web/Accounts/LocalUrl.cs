namespace AdminChat.Web.Accounts;

/// <summary>Decides whether a return address stays on this site, so sign-in cannot be used as an open redirect.</summary>
public static class LocalUrl
{
    public const string DefaultPath = "/admin/dashboard";

    /// <summary>
    /// True only for a path on this site: one leading slash, not followed by another slash or a backslash (browsers
    /// read <c>//host</c> and <c>/\host</c> as another host), and no control characters (browsers drop tabs and
    /// new lines, which would turn <c>/\t/host</c> into <c>//host</c>).
    /// </summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    public static string OrDefault(string? url) => IsLocal(url) ? url! : DefaultPath;
}
