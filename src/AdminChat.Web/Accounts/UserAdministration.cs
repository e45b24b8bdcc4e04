using AdminChat.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace AdminChat.Web.Accounts;

/// <summary>One row of /admin/users. <see cref="LockedUntil"/> is null when the person can sign in.</summary>
public sealed record UserRow(string Id, string Email, bool IsAdmin, DateTimeOffset? LockedUntil)
{
    /// <summary>Locked by an administrator rather than by wrong passwords: it lasts until someone unlocks it.</summary>
    public bool LockedIndefinitely => LockedUntil is { } until && until.Year > 9000;
}

/// <summary>What happened, already in the reader's language.</summary>
public sealed record UserAdminResult(bool Succeeded, string Message);

/// <summary>
/// What /admin/users does. Each call uses its own scope: the page lives in a circuit for hours, and a DbContext
/// kept that long would show stale rows. Every change re-checks that the acting user is still an administrator.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopeFactory, TimeProvider time, IStringLocalizer<SharedResource> localizer)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var admins = (await users.GetUsersInRoleAsync(AccountRoles.Admin)).Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
        var all = await users.Users.AsNoTracking().ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return
        [
            .. all
                .Select(u => new UserRow(u.Id, u.Email ?? u.UserName ?? u.Id, admins.Contains(u.Id), u.LockoutEnd > now ? u.LockoutEnd : null))
                .OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase),
        ];
    }

    public Task<UserAdminResult> CreateAsync(string actorId, string email, string password, bool isAdmin) =>
        AsAdminAsync(actorId, async users =>
        {
            var (result, user) = await users.CreateAccountAsync(email ?? string.Empty, password ?? string.Empty, isAdmin, time);
            return result.Succeeded
                ? new UserAdminResult(true, localizer["Users_Created", user!.Email!])
                : new UserAdminResult(false, result.Describe());
        });

    public Task<UserAdminResult> SetAdminAsync(string actorId, string userId, bool isAdmin) =>
        AsAdminAsync(actorId, async users =>
        {
            if (!isAdmin && userId == actorId)
            {
                return new UserAdminResult(false, localizer["Users_CannotDemoteSelf"]);
            }

            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return new UserAdminResult(false, localizer["Users_NotFound"]);
            }

            var inRole = await users.IsInRoleAsync(user, AccountRoles.Admin);
            var result = isAdmin == inRole ? IdentityResult.Success
                : isAdmin ? await users.AddToRoleAsync(user, AccountRoles.Admin)
                : await users.RemoveFromRoleAsync(user, AccountRoles.Admin);
            if (!result.Succeeded)
            {
                return new UserAdminResult(false, result.Describe());
            }

            // Ends the person's other sessions and circuits at the next stamp check, so the change takes effect.
            await users.UpdateSecurityStampAsync(user);
            return new UserAdminResult(true, localizer[isAdmin ? "Users_AdminGranted" : "Users_AdminRevoked", user.Email!]);
        });

    public Task<UserAdminResult> SetLockedAsync(string actorId, string userId, bool locked) =>
        AsAdminAsync(actorId, async users =>
        {
            if (locked && userId == actorId)
            {
                return new UserAdminResult(false, localizer["Users_CannotLockSelf"]);
            }

            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return new UserAdminResult(false, localizer["Users_NotFound"]);
            }

            IdentityResult result;
            if (locked)
            {
                result = await users.SetLockoutEnabledAsync(user, true);
                if (result.Succeeded)
                {
                    result = await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
                }

                if (result.Succeeded)
                {
                    result = await users.UpdateSecurityStampAsync(user);
                }
            }
            else
            {
                result = await users.SetLockoutEndDateAsync(user, null);
                if (result.Succeeded)
                {
                    result = await users.ResetAccessFailedCountAsync(user);
                }
            }

            return result.Succeeded
                ? new UserAdminResult(true, localizer[locked ? "Users_Locked" : "Users_Unlocked", user.Email!])
                : new UserAdminResult(false, result.Describe());
        });

    private async Task<UserAdminResult> AsAdminAsync(string actorId, Func<UserManager<AdminUser>, Task<UserAdminResult>> action)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var actor = await users.FindByIdAsync(actorId);
        if (actor is null || await users.IsLockedOutAsync(actor) || !await users.IsInRoleAsync(actor, AccountRoles.Admin))
        {
            return new UserAdminResult(false, localizer["Users_NotAllowed"]);
        }

        return await action(users);
    }
}
