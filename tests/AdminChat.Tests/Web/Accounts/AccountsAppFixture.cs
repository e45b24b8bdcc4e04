using AdminChat.Tests.Browser;

namespace AdminChat.Tests.Web.Accounts;

/// <summary>One app (with its bootstrap administrator) shared by a test class; each test makes its own users.</summary>
public sealed class AccountsAppFixture : IAsyncLifetime
{
    public AppProcess App { get; private set; } = default!;

    public async Task InitializeAsync() => App = await AppProcess.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();

    public AccountClient NewClient() => new(App.BaseUrl);

    /// <summary>An address nobody else in the test run uses.</summary>
    public static string UniqueEmail(string prefix) => $"{prefix}-{Guid.NewGuid():N}@adminchat.test";
}
