using System.Net;

namespace AdminChat.Tests.Web.Accounts;

/// <summary>Who reaches /admin, and what everyone else is told, over real HTTP against the app as a process.</summary>
[Trait("Category", "Process")]
public sealed class AccessControlTests(AccountsAppFixture fixture) : IClassFixture<AccountsAppFixture>
{
    [Fact]
    public async Task GetAdminPage_Anonymous_RedirectsToLoginWithReturnUrl()
    {
        using var client = fixture.NewClient();

        using var response = await client.GetPageAsync("admin/dashboard");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Fadmin%2Fdashboard", client.RedirectTarget(response).PathAndQuery);
    }

    [Fact]
    public async Task GetAdminPage_AnonymousNonPageRequest_Returns401WithoutRedirect()
    {
        using var client = fixture.NewClient();

        using var response = await client.GetApiAsync("admin/dashboard");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task GetAdminPage_SignedInWithoutAdminRole_ShowsDeniedPageWith403()
    {
        var email = AccountsAppFixture.UniqueEmail("plain");
        await TestUsers.CreateAsync(fixture.App, email);
        using var client = fixture.NewClient();
        await client.SignInOrFailAsync(email, TestUsers.Password);

        using var page = await client.GetPageAsync("admin/dashboard");
        using var api = await client.GetApiAsync("admin/users");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Not authorised", html, StringComparison.Ordinal);
        Assert.Contains(email, html, StringComparison.Ordinal);
        Assert.DoesNotContain("chat-input", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal(string.Empty, await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetAdminPage_SignedInWithoutAdminRoleInArabic_DeniedPageIsArabic()
    {
        var email = AccountsAppFixture.UniqueEmail("plain-ar");
        await TestUsers.CreateAsync(fixture.App, email);
        using var client = fixture.NewClient();
        await client.SignInOrFailAsync(email, TestUsers.Password);
        client.Cookies.Add(client.BaseUrl, new Cookie(".AspNetCore.Culture", "c=ar|uic=ar"));

        using var page = await client.GetPageAsync("admin/dashboard");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        // The renderer writes Arabic letters as character references.
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("dir=\"rtl\"", html, StringComparison.Ordinal);
        Assert.Contains("غير مصرَّح لك", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAdminPages_Admin_Returns200()
    {
        using var client = fixture.NewClient();
        await client.SignInOrFailAsync(fixture.App.AdminEmail!, fixture.App.AdminPassword!);

        using var dashboard = await client.GetPageAsync("admin/dashboard");
        using var users = await client.GetPageAsync("admin/users");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("data-testid=\"chat-input\"", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Contains(fixture.App.AdminEmail!, await users.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//evil.example", "/admin/dashboard")]
    [InlineData("/\\evil.example", "/admin/dashboard")]
    [InlineData("https://evil.example", "/admin/dashboard")]
    [InlineData("https://evil.example/admin/users", "/admin/dashboard")]
    [InlineData("/\t/evil.example", "/admin/dashboard")]
    [InlineData("evil.example", "/admin/dashboard")]
    [InlineData("/admin/users", "/admin/users")]
    public async Task SignIn_WithReturnUrl_RedirectsOnlyToLocalPaths(string returnUrl, string expectedPath)
    {
        using var client = fixture.NewClient();

        using var response = await client.SignInAsync(fixture.App.AdminEmail!, fixture.App.AdminPassword!, returnUrl);

        var target = client.RedirectTarget(response);
        Assert.Equal(fixture.App.BaseUrl.Authority, target.Authority);
        Assert.Equal(expectedPath, target.AbsolutePath);
    }

    [Fact]
    public async Task SignIn_WrongPassword_SaysSoWithoutEchoingThePassword()
    {
        using var client = fixture.NewClient();

        using var response = await client.SignInAsync(fixture.App.AdminEmail!, "Not-The-Passw0rd-42");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The email or the password is wrong.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Not-The-Passw0rd-42", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_UnknownEmail_SaysTheSameAsAWrongPassword()
    {
        using var client = fixture.NewClient();

        using var response = await client.SignInAsync(AccountsAppFixture.UniqueEmail("nobody"), "Whatever-Passw0rd-1");

        Assert.Contains("The email or the password is wrong.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksAccountAndRefusesTheRightPassword()
    {
        var email = AccountsAppFixture.UniqueEmail("lockout");
        await TestUsers.CreateAsync(fixture.App, email);
        using var client = fixture.NewClient();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await client.SignInAsync(email, $"Wrong-Passw0rd-{attempt}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var right = await client.SignInAsync(email, TestUsers.Password);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var html = await right.Content.ReadAsStringAsync();
        Assert.Contains("this account is locked. Try again in 15 minute(s).", html, StringComparison.Ordinal);
        using var dashboard = await client.GetPageAsync("admin/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Fact]
    public async Task SignOut_AfterSignIn_EndsSessionAndGoesToLogin()
    {
        using var client = fixture.NewClient();
        await client.SignInOrFailAsync(fixture.App.AdminEmail!, fixture.App.AdminPassword!);

        using var signOut = await client.SignOutAsync();
        using var dashboard = await client.GetPageAsync("admin/dashboard");

        Assert.Equal("/account/login", client.RedirectTarget(signOut).AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
        Assert.Equal("/account/login", client.RedirectTarget(dashboard).AbsolutePath);
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_IsRefusedAndSessionStays()
    {
        using var client = fixture.NewClient();
        await client.SignInOrFailAsync(fixture.App.AdminEmail!, fixture.App.AdminPassword!);

        using var signOut = await client.PostAsync("account/logout", []);
        using var dashboard = await client.GetPageAsync("admin/dashboard");

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }
}
