using AdminChat.Core.Storage;
using AdminChat.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using AppProcess = AdminChat.Tests.Browser.AppProcess;

namespace AdminChat.Tests.Web.Accounts;

/// <summary>
/// Adds accounts straight into a running app's SQLite database (WAL lets two processes share it), for tests that need
/// a person the UI has no quick way to make, such as a user without the Admin role.
/// </summary>
public static class TestUsers
{
    public const string Password = "User-Passw0rd-123";

    public static async Task<string> CreateAsync(AppProcess app, string email, bool isAdmin = false, string password = Password)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AdminChat:Storage:DataDirectory"] = app.DataDirectory })
            .Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = app.DataDirectory });
        services.AddStorage();
        services.AddIdentityCore<AdminUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AdminChatDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var (result, user) = await users.CreateAccountAsync(email, password, isAdmin, TimeProvider.System);
        Assert.True(result.Succeeded, result.Describe());
        return user!.Id;
    }
}
