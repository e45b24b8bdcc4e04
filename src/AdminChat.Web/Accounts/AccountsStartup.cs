using AdminChat.Core.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminChat.Web.Accounts;

public static partial class AccountsStartup
{
    /// <summary>
    /// Makes sure somebody can sign in: creates the Admin role and the bootstrap administrator from
    /// <c>AdminChat:Bootstrap</c> when configured, and, once the server listens, says once in the log how to sign in.
    /// Run after the database is migrated. Throws, naming the setting, when the bootstrap account cannot be made.
    /// </summary>
    public static async Task InitializeAccountsAsync(this WebApplication app)
    {
        var bootstrap = app.Services.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        bool anyUser;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            if (!await roles.RoleExistsAsync(AccountRoles.Admin))
            {
                var created = await roles.CreateAsync(new IdentityRole(AccountRoles.Admin));
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException($"The {AccountRoles.Admin} role could not be created: {created.Describe()}");
                }
            }

            var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
            if (bootstrap.IsConfigured)
            {
                await EnsureBootstrapAdminAsync(users, bootstrap, scope.ServiceProvider.GetRequiredService<TimeProvider>());
            }

            anyUser = await users.Users.AnyAsync();
        }

        var bootstrapEmail = bootstrap.Email?.Trim() ?? string.Empty;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccountsStartup).FullName!);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var url = ListeningUrl(app);
            if (bootstrap.IsConfigured)
            {
                LogBootstrapSignIn(logger, url, bootstrapEmail);
            }
            else if (!anyUser)
            {
                LogSetupNeeded(logger, url);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign in at {Url}/account/login as {Email} with the configured password")]
    private static partial void LogBootstrapSignIn(ILogger logger, string url, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No administrator exists yet: open {Url}/setup from this machine to create one")]
    private static partial void LogSetupNeeded(ILogger logger, string url);

    private static async Task EnsureBootstrapAdminAsync(UserManager<AdminUser> users, BootstrapOptions bootstrap, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(bootstrap.Email))
        {
            throw new InvalidOperationException(
                $"{BootstrapOptions.Section}:Email is required when {BootstrapOptions.Section}:Password is set "
                + "(environment variable AdminChat__Bootstrap__Email).");
        }

        if (string.IsNullOrEmpty(bootstrap.Password))
        {
            throw new InvalidOperationException(
                $"{BootstrapOptions.Section}:Password is required when {BootstrapOptions.Section}:Email is set "
                + "(environment variable AdminChat__Bootstrap__Password).");
        }

        if (await users.FindByEmailAsync(bootstrap.Email.Trim()) is not null)
        {
            return;
        }

        var (result, _) = await users.CreateAccountAsync(bootstrap.Email, bootstrap.Password, isAdmin: true, time);
        if (!result.Succeeded)
        {
            // Identity's descriptions name the rule that failed, never the password itself.
            var passwordProblem = result.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal));
            throw new InvalidOperationException(passwordProblem
                ? $"{BootstrapOptions.Section}:Password does not meet the password policy (at least 12 characters with an "
                  + $"upper-case letter, a lower-case letter and a digit): {result.Describe()}"
                : $"{BootstrapOptions.Section}:Email could not be used for the bootstrap administrator: {result.Describe()}");
        }
    }

    /// <summary>Where a person on this machine reaches the server, from the addresses Kestrel actually bound.</summary>
    private static string ListeningUrl(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault()
            ?? "http://127.0.0.1:5080";
        if (!Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return address.TrimEnd('/');
        }

        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
        return new UriBuilder(uri) { Host = host }.Uri.GetLeftPart(UriPartial.Authority);
    }
}
