using AdminChat.Core.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AdminChat.Web.Accounts;

public static class AccountsServiceCollectionExtensions
{
    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";
    public const string DeniedPath = "/account/denied";

    /// <summary>
    /// Accounts: ASP.NET Core Identity on the app's database, a cookie session, and the "Admin" policy that guards
    /// everything under /admin.
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountsOptions>()
            .BindConfiguration(AccountsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section);

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddAuthorizationBuilder()
            .AddPolicy(AccountRoles.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(AccountRoles.Admin));

        services.AddIdentityCore<AdminUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AdminChatDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>();

        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountsOptions>>((identity, accounts) =>
        {
            identity.Password.RequiredLength = 12;
            identity.Password.RequireUppercase = true;
            identity.Password.RequireLowercase = true;
            identity.Password.RequireDigit = true;
            identity.Password.RequireNonAlphanumeric = false;
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = accounts.Value.MaxFailedAccessAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(accounts.Value.LockoutMinutes);
            identity.User.RequireUniqueEmail = true;
        });

        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AccountsOptions>>((cookie, accounts) =>
            {
                cookie.LoginPath = LoginPath;
                cookie.LogoutPath = LogoutPath;
                cookie.AccessDeniedPath = DeniedPath;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                // Loopback installs run on plain http; behind TLS the cookie is Secure automatically.
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(accounts.Value.SessionHours);
                cookie.SlidingExpiration = true;
                // Keep the security-stamp check AddIdentityCookies installed; only the redirects change.
                cookie.Events.OnRedirectToLogin = RedirectToLoginAsync;
                cookie.Events.OnRedirectToAccessDenied = RedirectToAccessDeniedAsync;
            });

        // A locked user or a removed role must not keep working for long on an old cookie or an open circuit.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        services.AddSingleton<FirstAdminSetup>();
        services.AddScoped<UserAdministration>();
        return services;
    }

    /// <summary>
    /// Authentication and authorization, between localisation (so the denied page is translated) and antiforgery
    /// (which needs to know the user). A signed-in user without the role who asks for a page gets the denied page
    /// at the address they asked for, with status 403, through a re-execution that only the cookie handler arms.
    /// </summary>
    public static WebApplication UseAccounts(this WebApplication app)
    {
        app.UseStatusCodePagesWithReExecute(DeniedPath);
        app.Use((context, next) =>
        {
            context.Features.Get<IStatusCodePagesFeature>()!.Enabled = false;
            return next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost(LogoutPath, async (HttpContext context, SignInManager<AdminUser> signIn) =>
        {
            if (context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            {
                // With a body: an empty 400 would be re-executed as the "page not found" page, which reads the
                // already-rejected form again and fails.
                return Results.Text("The antiforgery token is missing or invalid: sign out from the page's menu.", statusCode: StatusCodes.Status400BadRequest);
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect(LoginPath);
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).AllowAnonymous();
        return app;
    }

    private static Task RedirectToLoginAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsPageRequest(context.Request))
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            PlainStatus(context.Response, StatusCodes.Status401Unauthorized);
        }

        return Task.CompletedTask;
    }

    private static Task RedirectToAccessDeniedAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsPageRequest(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.HttpContext.Features.Get<IStatusCodePagesFeature>()?.Enabled = true;
        }
        else
        {
            PlainStatus(context.Response, StatusCodes.Status403Forbidden);
        }

        return Task.CompletedTask;
    }

    // A declared empty body keeps the site's "page not found" re-execution away from API-style answers.
    private static void PlainStatus(HttpResponse response, int status)
    {
        response.StatusCode = status;
        response.ContentLength = 0;
    }

    /// <summary>A browser navigation (it accepts HTML), as opposed to fetch, SignalR or tooling.</summary>
    internal static bool IsPageRequest(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
