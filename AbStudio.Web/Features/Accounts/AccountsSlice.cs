using AbStudio.Identity;
using AbStudio.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// Accounts, teams and personal tokens (docs/adr/0006). Groundwork only: the services exist and the
/// first admin is created, but no request is refused yet.
/// </summary>
public static class AccountsSlice
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

        builder.Services.AddSingleton<ApiTokens>();
        builder.Services.AddScoped<AccountSetup>();
        return builder;
    }
}
