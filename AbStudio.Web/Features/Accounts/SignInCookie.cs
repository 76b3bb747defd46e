using Microsoft.AspNetCore.Authentication.Cookies;

namespace AbStudio.Web.Features.Accounts;

/// <summary>The console's sign-in cookie, and where it sends people who lack one.</summary>
public static class SignInCookie
{
    public const string Name = "abstudio.auth";
    public const string SignInPath = "/account/sign-in";
    public const string SignOutPath = "/account/sign-out";
    public const string DeniedPath = "/account/denied";

    // Machine clients get a status, not a sign-in page: the API, the hub, metrics and health.
    private static readonly string[] StatusOnlyPrefixes = ["/api", "/hubs", "/metrics", "/health", "/openapi"];

    /// <summary>A path machines call (API, hub, metrics, health, OpenAPI): answered with a status, never a page.</summary>
    public static bool IsMachinePath(PathString path) =>
        StatusOnlyPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = Name;
        options.Cookie.HttpOnly = true;

        // Lax: sent on top-level navigations (links into the console work), never on cross-site POSTs or subrequests.
        options.Cookie.SameSite = SameSiteMode.Lax;

        // Secure whenever the request came over HTTPS (behind a TLS-terminating proxy, forward the scheme).
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
        options.LoginPath = SignInPath;
        options.LogoutPath = SignOutPath;
        options.AccessDeniedPath = DeniedPath;
        options.Events.OnRedirectToLogin = context => StatusOr(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => StatusOr(context, StatusCodes.Status403Forbidden);
    }

    private static Task StatusOr(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsMachinePath(context.Request.Path))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
