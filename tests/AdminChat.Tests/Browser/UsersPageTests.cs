using Microsoft.Playwright;

namespace AdminChat.Tests.Browser;

/// <summary>/admin/users in a real browser: the grid, creating people, and the limits on what an admin may do to themselves.</summary>
[Collection(BrowserTestsDefinition.Name)]
[Trait("Category", "Browser")]
public sealed class UsersPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string NewPassword = "Created-Passw0rd-77";
    private AppProcess _app = default!;

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task CreateUser_AdminOnUsersPage_NewUserCanSignInAndReachDashboard()
    {
        var page = await OpenUsersPageAsync();
        var email = $"created-{Guid.NewGuid():N}@adminchat.test";

        await page.GetByTestId("users-create-email").FillAsync(email);
        await page.GetByTestId("users-create-password").FillAsync(NewPassword);
        await page.GetByTestId("users-create-admin").CheckAsync();
        await page.GetByTestId("users-create-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("users-message")).ToHaveAttributeAsync("data-success", "true");
        var row = Row(page, email);
        await Assertions.Expect(row.GetByTestId("user-is-admin")).ToHaveAttributeAsync("data-value", "true");
        await Assertions.Expect(page.GetByTestId("users-create-password")).ToHaveValueAsync("");

        await using var other = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await other.NewPageAsync());
        await chat.OpenAsync(_app.BaseUrl, email, NewPassword);
        await Assertions.Expect(chat.Page.GetByTestId("user-email")).ToHaveTextAsync(email);
    }

    [Fact]
    public async Task CreateUser_WeakPassword_ShowsPolicyMessageAndCreatesNobody()
    {
        var page = await OpenUsersPageAsync();
        var email = $"weak-{Guid.NewGuid():N}@adminchat.test";

        await page.GetByTestId("users-create-email").FillAsync(email);
        await page.GetByTestId("users-create-password").FillAsync("short");
        await page.GetByTestId("users-create-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("users-message")).ToHaveAttributeAsync("data-success", "false");
        await Assertions.Expect(page.GetByTestId("users-message")).ToContainTextAsync("at least 12 characters");
        await Assertions.Expect(Row(page, email)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ToggleAdminAndLock_OwnRow_AreRefusedWithMessage()
    {
        var page = await OpenUsersPageAsync();
        var self = Row(page, _app.AdminEmail!);

        await self.GetByTestId("user-toggle-admin").ClickAsync();
        await Assertions.Expect(page.GetByTestId("users-message")).ToContainTextAsync("You cannot remove your own Admin role");
        await self.GetByTestId("user-toggle-lock").ClickAsync();
        await Assertions.Expect(page.GetByTestId("users-message")).ToContainTextAsync("You cannot lock your own account");

        await Assertions.Expect(self.GetByTestId("user-is-admin")).ToHaveAttributeAsync("data-value", "true");
        await Assertions.Expect(self.GetByTestId("user-locked-until")).ToHaveAttributeAsync("data-locked", "false");
    }

    [Fact]
    public async Task ToggleLockAndAdmin_OtherUser_LockedUserIsRefusedAndDemotedUserIsDenied()
    {
        var page = await OpenUsersPageAsync();
        var email = $"other-{Guid.NewGuid():N}@adminchat.test";
        await page.GetByTestId("users-create-email").FillAsync(email);
        await page.GetByTestId("users-create-password").FillAsync(NewPassword);
        await page.GetByTestId("users-create-submit").ClickAsync();
        var row = Row(page, email);
        await Assertions.Expect(row.GetByTestId("user-is-admin")).ToHaveAttributeAsync("data-value", "false");

        await row.GetByTestId("user-toggle-lock").ClickAsync();
        await Assertions.Expect(row.GetByTestId("user-locked-until")).ToHaveAttributeAsync("data-locked", "true");
        await using (var other = await browser.Browser.NewContextAsync())
        {
            var otherPage = await other.NewPageAsync();
            await otherPage.GotoAsync(new Uri(_app.BaseUrl, "account/login").ToString());
            await ChatPage.SignInAsync(otherPage, email, NewPassword);
            await Assertions.Expect(otherPage.GetByTestId("login-error")).ToContainTextAsync("locked by an administrator");
        }

        await row.GetByTestId("user-toggle-lock").ClickAsync();
        await Assertions.Expect(row.GetByTestId("user-locked-until")).ToHaveAttributeAsync("data-locked", "false");
        await using (var other = await browser.Browser.NewContextAsync())
        {
            var otherPage = await other.NewPageAsync();
            await otherPage.GotoAsync(new Uri(_app.BaseUrl, "admin/dashboard").ToString());
            await ChatPage.SignInAsync(otherPage, email, NewPassword);
            await Assertions.Expect(otherPage.GetByTestId("access-denied")).ToContainTextAsync("does not have the Admin role");
        }
    }

    [Fact]
    public async Task SignOut_FromHeaderMenu_ReturnsToLoginAndDashboardNeedsSignInAgain()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(_app);
        await Assertions.Expect(chat.Page.GetByTestId("user-email")).ToHaveTextAsync(_app.AdminEmail!);

        await chat.Page.GetByTestId("logout").ClickAsync();

        await chat.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/login");
        await chat.Page.GotoAsync(new Uri(_app.BaseUrl, "admin/dashboard").ToString());
        Assert.Equal("/account/login", new Uri(chat.Page.Url).AbsolutePath);
        await Assertions.Expect(chat.Page.GetByTestId("login-form")).ToBeVisibleAsync();
    }

    private async Task<IPage> OpenUsersPageAsync()
    {
        var context = await browser.Browser.NewContextAsync();
        var chat = new ChatPage(await context.NewPageAsync());
        await chat.OpenAsync(_app);
        // Through the sidebar: an interactive navigation inside the circuit, not a fresh page load.
        await chat.Page.GetByTestId("nav-users").ClickAsync();
        await chat.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/admin/users");
        await Assertions.Expect(chat.Page.GetByTestId("users-grid")).ToBeVisibleAsync();
        return chat.Page;
    }

    private static ILocator Row(IPage page, string email) =>
        page.GetByTestId("users-grid").Locator("tr").Filter(new() { Has = page.GetByTestId("user-email-cell").GetByText(email, new() { Exact = true }) });
}
