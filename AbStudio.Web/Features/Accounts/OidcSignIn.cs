using System.Security.Claims;
using AbStudio.Identity;
using AbStudio.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// Optional single sign-on (docs/security.md "Single sign-on"): the OpenID Connect handler, the
/// button's endpoint that sends the browser to the provider, and the callback that links the
/// provider's user to a local one and signs in with the usual cookie.
/// </summary>
public static partial class OidcSignIn
{
    public const string StartPath = "/account/oidc";
    public const string CallbackPath = "/account/oidc/callback";

    /// <summary>The path the provider redirects the browser back to (the handler's own).</summary>
    public const string RedirectPath = "/signin-oidc";

    /// <summary>Why single sign-on ended on the sign-in page; the page turns the code into a sentence.</summary>
    public static class Problems
    {
        public const string Refused = "sso-refused";
        public const string Failed = "sso-failed";
        public const string NotAllowed = "sso-not-allowed";
    }

    /// <summary>Registers the handler when <c>Auth:Oidc:Authority</c> is set; the settings are checked at start either way.</summary>
    public static void AddOidc(this WebApplicationBuilder builder, AuthenticationBuilder authentication)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(authentication);
        builder.Services.AddSettings<OidcSettings>(OidcSettings.Section);
        builder.Services.AddSingleton<IValidateOptions<OidcSettings>, OidcSettingsValidator>();
        builder.Services.AddScoped<OidcAccountLink>();
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{OidcSettings.Section}:Authority"]))
        {
            return;
        }

        authentication.AddOpenIdConnect(OidcSettings.Scheme, "Single sign-on", _ => { });
        builder.Services.AddOptions<OpenIdConnectOptions>(OidcSettings.Scheme)
            .Configure<IOptions<OidcSettings>>((options, settings) => Configure(options, settings.Value));
    }

    internal static void Configure(OpenIdConnectOptions options, OidcSettings settings)
    {
        options.Authority = settings.Authority;
        options.ClientId = settings.ClientId;
        options.ClientSecret = settings.ClientSecret;
        options.RequireHttpsMetadata = !(Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority) && OidcSettings.IsLoopbackHttp(authority));

        // Authorization-code flow with PKCE; the code comes back on the query string of a top-level
        // GET, so the handler's correlation and nonce cookies can be SameSite=Lax like the sign-in cookie.
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.UsePkce = true;
        options.CallbackPath = RedirectPath;
        options.SignInScheme = IdentityConstants.ExternalScheme;
        options.MapInboundClaims = false;
        options.SaveTokens = false;
        options.GetClaimsFromUserInfoEndpoint = false;
        options.Scope.Clear();
        foreach (var scope in settings.ScopeList)
        {
            options.Scope.Add(scope);
        }

        options.TokenValidationParameters.NameClaimType = "preferred_username";
        options.TokenValidationParameters.RoleClaimType = settings.RoleClaim;
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Events.OnTokenValidated = context =>
        {
            // Identity finds the login by the name-identifier claim; without inbound mapping it is `sub`.
            if (context.Principal?.Identity is ClaimsIdentity identity && identity.FindFirst(ClaimTypes.NameIdentifier) is null
                && identity.FindFirst("sub") is { } subject)
            {
                identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, subject.Value, ClaimValueTypes.String, subject.Issuer));
            }

            return Task.CompletedTask;
        };
        options.Events.OnRemoteFailure = context =>
        {
            // A refusal at the provider (?error=…), a stale state, a bad token: back to the sign-in page
            // with a sentence, never a 500. The log line has the reason; it holds no secret or token.
            var refused = context.Request.Query.ContainsKey("error");
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSignIn));
            LogRemoteFailure(logger, refused ? Shorten(context.Request.Query["error"].ToString()) : "did not complete", context.Failure?.GetType().Name ?? "none");
            context.Response.Redirect(SignInProblemUrl(refused ? Problems.Refused : Problems.Failed));
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    /// <summary>The button's form post, and the callback; mapped only when single sign-on is configured (else both are 404).</summary>
    public static WebApplication MapOidc(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Services.GetRequiredService<IOptions<OidcSettings>>().Value.Enabled)
        {
            return app;
        }

        app.MapPost(StartPath, async (SignInManager<AbStudioUser> signIn, HttpContext context) =>
            {
                if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
                {
                    return Microsoft.AspNetCore.Http.Results.LocalRedirect(SignInProblemUrl(Problems.Failed));
                }

                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                var returnUrl = LocalReturnUrl.Or(form["returnUrl"], "/");
                var properties = signIn.ConfigureExternalAuthenticationProperties(OidcSettings.Scheme, $"{CallbackPath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
                return Microsoft.AspNetCore.Http.Results.Challenge(properties, [OidcSettings.Scheme]);
            })
            .AllowAnonymous()
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();

        app.MapGet(CallbackPath, async (string? returnUrl, OidcAccountLink link, HttpContext context) =>
            {
                var problem = await link.SignInAsync(context.RequestAborted);
                await context.SignOutAsync(IdentityConstants.ExternalScheme);
                return Microsoft.AspNetCore.Http.Results.LocalRedirect(problem is null ? LocalReturnUrl.Or(returnUrl, "/") : SignInProblemUrl(problem));
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>The sentence the sign-in page shows for a problem code; null for none or an unknown one.</summary>
    public static string? ProblemMessage(string? problem, string displayName) => problem switch
    {
        Problems.Refused => $"Sign-in with {displayName} was cancelled or refused by the provider. Try again, or sign in with your user name and password.",
        Problems.Failed => $"Sign-in with {displayName} did not complete (the page may have been old, or the provider's answer could not be checked). Try again.",
        Problems.NotAllowed => "This account may not sign in now (it may be locked); ask an admin.",
        _ => null,
    };

    internal static string SignInProblemUrl(string problem) => $"{SignInCookie.SignInPath}?problem={Uri.EscapeDataString(problem)}";

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-on refused or failed at the provider step: {Error} ({FailureType})")]
    private static partial void LogRemoteFailure(ILogger logger, string error, string failureType);
}
