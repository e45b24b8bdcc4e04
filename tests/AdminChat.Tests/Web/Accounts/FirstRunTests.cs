using System.Net;
using AdminChat.Tests.Browser;

namespace AdminChat.Tests.Web.Accounts;

/// <summary>How the first administrator comes to exist: the one-time /setup page, or the bootstrap settings.</summary>
[Trait("Category", "Process")]
public sealed class FirstRunTests
{
    private const string SetupPassword = "Setup-Passw0rd-2024";

    [Fact]
    public async Task Setup_EmptyDatabaseFromLoopback_CreatesSignedInAdminThenAnswers404EvenAfterRestart()
    {
        await using var app = await AppProcess.StartAsync(AppProcess.WithoutBootstrapAdmin);
        using var client = new AccountClient(app.BaseUrl);
        Assert.Contains($"No administrator exists yet: open {app.BaseUrl.ToString().TrimEnd('/')}/setup from this machine to create one",
            app.Output, StringComparison.Ordinal);

        using var mismatch = await client.PostFormAsync("setup", "setup", SetupFields("first@adminchat.test", SetupPassword, "Other-Passw0rd-2024"));
        Assert.Contains("The two passwords differ.", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var weak = await client.PostFormAsync("setup", "setup", SetupFields("first@adminchat.test", "short1A", "short1A"));
        Assert.Contains("at least 12 characters", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var created = await client.PostFormAsync("setup", "setup", SetupFields("first@adminchat.test", SetupPassword, SetupPassword));

        Assert.Equal("/admin/dashboard", client.RedirectTarget(created).AbsolutePath);
        using var dashboard = await client.GetPageAsync("admin/dashboard");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        using var closed = await client.GetPageAsync("setup");
        Assert.Equal(HttpStatusCode.NotFound, closed.StatusCode);

        await app.StopAsync();
        await app.StartAgainAsync();
        using var afterRestart = new AccountClient(app.BaseUrl);
        using var stillClosed = await afterRestart.GetPageAsync("setup");
        Assert.Equal(HttpStatusCode.NotFound, stillClosed.StatusCode);
        await afterRestart.SignInOrFailAsync("first@adminchat.test", SetupPassword);
    }

    [Fact]
    public async Task Setup_RemoteClientThroughLocalProxy_IsRefusedWith403()
    {
        await using var app = await AppProcess.StartAsync(AppProcess.WithoutBootstrapAdmin);
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseUrl, "setup"));
        request.Headers.Add("Accept", "text/html");
        request.Headers.Add("X-Forwarded-For", "203.0.113.5"); // what nginx on this host sends for a remote visitor

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var local = await client.GetAsync(new Uri(app.BaseUrl, "setup"));
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    [Fact]
    public async Task Setup_UserAlreadyExists_Answers404AndCreatesNobody()
    {
        await using var app = await AppProcess.StartAsync();
        using var client = new AccountClient(app.BaseUrl);

        using var page = await client.GetPageAsync("setup");
        using var post = await client.PostFormAsync("account/login", "setup", SetupFields("intruder@adminchat.test", SetupPassword, SetupPassword));
        using var signIn = await client.SignInAsync("intruder@adminchat.test", SetupPassword);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode); // the form again, with "wrong email or password"
    }

    [Fact]
    public async Task Start_BootstrapConfigured_AdminSignsInAndLogSaysHowWithoutPassword()
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["AdminChat__Bootstrap__Email"] = "boot@adminchat.test",
            ["AdminChat__Bootstrap__Password"] = "Boot-Strap-Passw0rd",
            ["Logging__LogLevel__AdminChat"] = "Information",
        });
        using var client = new AccountClient(app.BaseUrl);

        await client.SignInOrFailAsync("boot@adminchat.test", "Boot-Strap-Passw0rd");
        using var dashboard = await client.GetPageAsync("admin/dashboard");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains($"Sign in at {app.BaseUrl.ToString().TrimEnd('/')}/account/login as boot@adminchat.test with the configured password",
            app.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Boot-Strap-Passw0rd", app.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("No administrator exists yet", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BootstrapPasswordAgainstPolicy_RefusesNamingTheSettingWithoutThePassword()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["AdminChat__Bootstrap__Email"] = "boot@adminchat.test",
            ["AdminChat__Bootstrap__Password"] = "weakpw7x",
        }));

        Assert.Contains("AdminChat:Bootstrap:Password does not meet the password policy", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("weakpw7x", failure.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> SetupFields(string email, string password, string confirm) => new()
    {
        ["_handler"] = "setup",
        ["Input.Email"] = email,
        ["Input.Password"] = password,
        ["Input.Confirm"] = confirm,
    };
}
