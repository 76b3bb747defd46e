using AbStudio.Identity;
using AbStudio.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// Accounts, teams and personal tokens (docs/adr/0006). Groundwork only: the services exist and the
/// first admin is created, but no request is refused yet.
/// </summary>
public static partial class AccountsSlice
{
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
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<AccountsDbContext>();

        // The bearer scheme only identifies callers, and nothing asks it to yet: with no policy, nothing
        // is refused. Not the default scheme (ASP.NET Core would make a lone scheme the default and run
        // it on every request), so it runs only where a later policy names it.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", isEnabled: true);
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, configureOptions: null);

        builder.Services.AddSingleton<ApiTokens>();

        // Pages read their actor from the circuit's user (PageActor), and services scope by it.
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<AccountSetup>();
        builder.Services.AddScoped<AccountPasswords>();
        builder.Services.AddScoped<InitialAdminAccount>();
        return builder;
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
