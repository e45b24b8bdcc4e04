using AdminChat.Core.Storage;
using Microsoft.AspNetCore.Identity;

namespace AdminChat.Web.Accounts;

internal static class UserManagerExtensions
{
    /// <summary>
    /// Creates a person who signs in with their email. The password is checked against the policy before anything
    /// is written; a failed role assignment removes the half-made account so the caller can simply try again.
    /// </summary>
    public static async Task<(IdentityResult Result, AdminUser? User)> CreateAccountAsync(
        this UserManager<AdminUser> users, string email, string password, bool isAdmin, TimeProvider time)
    {
        email = email.Trim();
        var user = new AdminUser
        {
            UserName = email,
            Email = email,
            // Nobody else can vouch for the address: an administrator typed it in.
            EmailConfirmed = true,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return (created, null);
        }

        if (isAdmin)
        {
            var granted = await users.AddToRoleAsync(user, AccountRoles.Admin);
            if (!granted.Succeeded)
            {
                await users.DeleteAsync(user);
                return (granted, null);
            }
        }

        return (IdentityResult.Success, user);
    }

    public static string Describe(this IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
