using System.ComponentModel.DataAnnotations;

namespace AdminChat.Web.Accounts;

/// <summary>Bound from <c>AdminChat:Accounts</c>: how hard sign-in is to brute-force and how long a session lasts.</summary>
public sealed class AccountsOptions
{
    public const string Section = "AdminChat:Accounts";

    /// <summary>Wrong passwords in a row before the account is locked.</summary>
    [Range(1, 100)]
    public int MaxFailedAccessAttempts { get; set; } = 5;

    [Range(1, 7 * 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Sliding: every request in the second half of the window renews the cookie.</summary>
    [Range(1, 30 * 24)]
    public int SessionHours { get; set; } = 8;
}

/// <summary>
/// Bound from <c>AdminChat:Bootstrap</c>: the first administrator, for unattended installs, and whether the
/// one-time /setup page may be used from another machine.
/// </summary>
public sealed class BootstrapOptions
{
    public const string Section = "AdminChat:Bootstrap";

    public string? Email { get; set; }

    public string? Password { get; set; }

    public bool AllowRemoteSetup { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Email) || !string.IsNullOrEmpty(Password);

    // Options objects end up in debugger views and ad-hoc log lines; the password must never be among them.
    public override string ToString() => $"Bootstrap {{ Email = {Email}, AllowRemoteSetup = {AllowRemoteSetup} }}";
}
