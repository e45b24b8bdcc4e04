using System.Net;
using AdminChat.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminChat.Web.Accounts;

/// <summary>
/// The one-time /setup page's rules: open only while nobody has an account, and only from the server itself
/// unless <c>AdminChat:Bootstrap:AllowRemoteSetup</c> says otherwise.
/// </summary>
public sealed class FirstAdminSetup(IOptions<BootstrapOptions> options, TimeProvider time) : IDisposable
{
    // Two browsers submitting at once must not both become the first administrator.
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Accounts are never deleted, so once closed the page stays closed without asking the database again.
    private volatile bool _closed;

    public async Task<bool> IsOpenAsync(UserManager<AdminUser> users, CancellationToken cancellationToken = default)
    {
        if (!_closed && await users.Users.AnyAsync(cancellationToken))
        {
            _closed = true;
        }

        return !_closed;
    }

    public bool IsAllowedFrom(IPAddress? remoteAddress) => IsAllowedFrom(remoteAddress, options.Value.AllowRemoteSetup);

    internal static bool IsAllowedFrom(IPAddress? remoteAddress, bool allowRemote)
    {
        if (allowRemote)
        {
            return true;
        }

        if (remoteAddress is null)
        {
            return false;
        }

        return IPAddress.IsLoopback(remoteAddress.IsIPv4MappedToIPv6 ? remoteAddress.MapToIPv4() : remoteAddress);
    }

    /// <summary>Creates the first administrator, or returns null when someone else got there first.</summary>
    public async Task<(IdentityResult Result, AdminUser? User)> CreateFirstAdminAsync(
        UserManager<AdminUser> users, string email, string password, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!await IsOpenAsync(users, cancellationToken))
            {
                return (IdentityResult.Failed(), null);
            }

            var (result, user) = await users.CreateAccountAsync(email, password, isAdmin: true, time);
            _closed = result.Succeeded;
            return (result, user);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
