using System.Globalization;
using AdminChat.Core;
using AdminChat.Web.Accounts;
using AdminChat.Web.Components;
using AdminChat.Web.Components.Chat;
using AdminChat.Web.Diagnostics;
using AdminChat.Web.Metrics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Radzen;

namespace AdminChat.Web;

public static class ApplicationServicesExtensions
{
    public static readonly CultureInfo[] SupportedCultures = [new("en"), new("ar")];

    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddAdminChatCore();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddRadzenComponents();
        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        builder.Services.AddScoped<ChatState>();
        builder.Services.AddAccounts();
        builder.Services.AddScoped<CurrentUser>();
        // Behind nginx on the same host every request comes from loopback: take the client's address and scheme
        // from the proxy's headers (trusted from loopback proxies only, the default), or the loopback-only
        // setup page would open to the whole network.
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        return builder;
    }

    public static WebApplication UseAdminChat(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseRequestLocalization(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = SupportedCultures;
            options.SupportedUICultures = SupportedCultures;
        });
        app.UseAccounts();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapCultureEndpoint();
        app.MapAccountEndpoints();
        // Liveness and readiness for probes and tests: they must not depend on signing in.
        app.MapHealthEndpoints();
        app.MapDiagnosticsEndpoints();
        app.MapMetricsEndpoints();
        app.MapGet("/", () => Results.Redirect("/admin/dashboard"));
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>Remembers the chosen language in the culture cookie and goes back to a local page.</summary>
    private static void MapCultureEndpoint(this WebApplication app) =>
        app.MapGet("/culture", (string? culture, string? returnUrl, HttpContext context) =>
        {
            if (SupportedCultures.Any(c => c.Name == culture))
            {
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture!)),
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            }

            return Results.LocalRedirect(LocalUrl.OrDefault(returnUrl));
        });
}
