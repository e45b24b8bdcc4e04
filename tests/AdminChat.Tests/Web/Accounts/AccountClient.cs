using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AdminChat.Tests.Browser;

namespace AdminChat.Tests.Web.Accounts;

/// <summary>
/// A person's browser reduced to HTTP: a cookie jar, no automatic redirects (tests look at each one), and the real
/// sign-in form with its antiforgery token.
/// </summary>
public sealed partial class AccountClient : IDisposable
{
    private readonly HttpClient _client;

    public AccountClient(Uri baseUrl)
    {
        BaseUrl = baseUrl;
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Uri BaseUrl { get; }

    public CookieContainer Cookies { get; } = new();

    /// <summary>A page request, as a browser navigation sends it (Accept: text/html).</summary>
    public Task<HttpResponseMessage> GetPageAsync(string path) => SendAsync(HttpMethod.Get, path, html: true);

    /// <summary>A non-page request (no HTML accepted), like fetch or tooling.</summary>
    public Task<HttpResponseMessage> GetApiAsync(string path) => SendAsync(HttpMethod.Get, path, html: false);

    /// <summary>Loads <paramref name="formPath"/> and returns the antiforgery token of the form on it.</summary>
    public async Task<string> GetAntiforgeryTokenAsync(string formPath)
    {
        using var page = await GetPageAsync(formPath);
        var html = await page.Content.ReadAsStringAsync();
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"no __RequestVerificationToken on {formPath} ({(int)page.StatusCode}):\n{html}");
        return WebUtility.HtmlDecode(match.Groups["token"].Value);
    }

    /// <summary>Posts the sign-in form the way the browser does: to the page's own address, ReturnUrl included.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password, string? returnUrl = null)
    {
        var path = returnUrl is null ? "account/login" : $"account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
        return await PostFormAsync(path, path, new()
        {
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }

    /// <summary>Signs in and fails the test unless the server answered with a redirect (success).</summary>
    public async Task SignInOrFailAsync(string email, string password)
    {
        using var response = await SignInAsync(email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"sign-in as {email} answered {(int)response.StatusCode}:\n{await response.Content.ReadAsStringAsync()}");
    }

    public async Task<HttpResponseMessage> SignOutAsync()
    {
        // Any page with the form carries a valid token for this session; the denied page has one for every signed-in user.
        var token = await GetAntiforgeryTokenAsync("account/denied");
        return await PostAsync("account/logout", new() { ["__RequestVerificationToken"] = token });
    }

    /// <summary>Loads <paramref name="formPath"/> for its token, then posts <paramref name="fields"/> to <paramref name="postPath"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPath, string postPath, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await GetAntiforgeryTokenAsync(formPath);
        return await PostAsync(postPath, fields);
    }

    public async Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return await _client.SendAsync(request);
    }

    /// <summary>Where a redirect goes, as an absolute address (the server may answer with a relative one).</summary>
    public Uri RedirectTarget(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"expected a redirect, got {(int)response.StatusCode}");
        var location = response.Headers.Location ?? throw new InvalidOperationException("A redirect without Location.");
        return location.IsAbsoluteUri ? location : new Uri(BaseUrl, location);
    }

    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, bool html)
    {
        using var request = new HttpRequestMessage(method, path);
        if (html)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        }

        return await _client.SendAsync(request);
    }

    [GeneratedRegex("""name="__RequestVerificationToken" value="(?<token>[^"]+)"\s*/?>""")]
    private static partial Regex TokenPattern();
}
