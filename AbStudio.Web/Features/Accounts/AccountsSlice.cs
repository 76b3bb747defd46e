using AbStudio.Identity;
using AbStudio.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// Accounts, teams and personal tokens (docs/adr/0006, docs/security.md): who is calling (the sign-in
/// cookie or a bearer token), the policies every endpoint names, the sign-in pages' endpoints, and
/// the first admin.
/// </summary>
public static partial class AccountsSlice
{
    /// <summary>Failed sign-ins in a row before an account is locked, and for how long.</summary>
    public const int LockoutAttempts = 5;
    public const int LockoutMinutes = 15;

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSettings<AuthSettings>(AuthSettings.Section);
        builder.Services.AddSingleton<IValidateOptions<AuthSettings>, AuthSettingsValidator>();

        // Identity's user and role managers over AccountsDbContext (registered with the persistence).
        // Length, not character classes, makes a password strong (NIST SP 800-63B).
        builder.Services.AddIdentityCore<AbStudioUser>(options =>
            {
                options.Password.RequiredLength = AuthSettings.MinimumPasswordLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = LockoutAttempts;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(LockoutMinutes);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<TeamClaimsFactory>();

        var accountsOff = string.Equals(builder.Configuration[$"{AuthSettings.Section}:Mode"], "none", StringComparison.OrdinalIgnoreCase);
        var authentication = builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = Policies.SignedInScheme;
                options.DefaultChallengeScheme = Policies.SignedInScheme;
            });
        authentication
            .AddPolicyScheme(Policies.SignedInScheme, "Bearer token or sign-in cookie", options =>
                options.ForwardDefaultSelector = context => Policies.SelectScheme(context, accountsOff))
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, configureOptions: null)
            .AddScheme<AuthenticationSchemeOptions, LocalOnlyAuthentication>(LocalOnlyAuthentication.SchemeName, configureOptions: null)
            .AddIdentityCookies();

        // Optional single sign-on (Auth:Oidc:*): signs in through Identity's external cookie, then the usual one.
        builder.AddOidc(authentication);
        builder.Services.ConfigureApplicationCookie(SignInCookie.Configure);
        Policies.Add(builder.Services.AddAuthorizationBuilder(), accountsOff);

        // The console: pages read the user from the cascading state, which a long-lived circuit re-checks.
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AuthenticationStateProvider, CircuitUserRevalidation>();

        builder.Services.AddSingleton<ApiTokens>();
        builder.Services.AddSingleton<AccountEvents>();
        builder.Services.AddScoped<AccountSetup>();
        builder.Services.AddScoped<AccountPasswords>();
        builder.Services.AddScoped<InitialAdminAccount>();
        return builder;
    }

    /// <summary>Sign-out, a real form post (with its antiforgery token) so the cookie is cleared on the response.</summary>
    public static WebApplication MapAccounts(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(SignInCookie.SignOutPath, async (SignInManager<AbStudioUser> signIn, AccountEvents events, HttpContext context) =>
            {
                // UseAntiforgery checks the token and records the verdict; a handler that binds no form must read it.
                if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
                {
                    return Microsoft.AspNetCore.Http.Results.Problem(
                        statusCode: StatusCodes.Status400BadRequest,
                        title: "Sign-out refused",
                        detail: "The sign-out form had no valid antiforgery token (it may have come from another site, or the page is old). Reload the console and sign out from the account menu.");
                }

                events.SignedOut(context.User.Identity?.Name);
                await signIn.SignOutAsync();
                return Microsoft.AspNetCore.Http.Results.LocalRedirect(SignInCookie.SignInPath);
            })
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();
        app.MapOidc();
        return app;
    }

    /// <summary>
    /// At start: with <c>Auth:Mode=none</c> a loud warning; otherwise the first admin account, whose
    /// banner is printed once the server listens (so it names the real address).
    /// </summary>
    public static async Task EnsureInitialAdminAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<AuthSettings>>().Value.AccountsOff)
        {
            LogAccountsOff(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AccountsSlice)));
            return;
        }

        if (!HostRoles.From(app.Configuration).ServesUsers())
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var notice = await scope.ServiceProvider.GetRequiredService<InitialAdminAccount>().EnsureAsync();
        if (notice is not null)
        {
            app.Lifetime.ApplicationStarted.Register(() => InitialAdminAccount.PrintBanner(Console.Out, notice, app.Urls));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auth:Mode is 'none': there are no accounts and ANYONE WHO CAN REACH THIS HOST CAN DO EVERYTHING. Use it only on a single-user laptop; set Auth:Mode=accounts otherwise")]
    private static partial void LogAccountsOff(ILogger logger);
}
