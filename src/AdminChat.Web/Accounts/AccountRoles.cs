namespace AdminChat.Web.Accounts;

public static class AccountRoles
{
    /// <summary>The role that opens everything under /admin.</summary>
    public const string Admin = "Admin";

    /// <summary>The authorization policy name used by admin pages (<c>[Authorize(Policy = "Admin")]</c>).</summary>
    public const string AdminPolicy = "Admin";
}
