using AbStudio.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// The authorization policies (docs/security.md). Every endpoint names one: the API's by HTTP method
/// (<see cref="Api.ApiExtensions"/>), the rest where they are mapped; anything that names none falls
/// back to "signed in", so a forgotten endpoint is closed, not open.
/// </summary>
public static class Policies
{
    /// <summary>The console's and the API's sign-in: a bearer token when one is sent, otherwise the cookie.</summary>
    public const string SignedInScheme = "AbStudio";

    /// <summary>Read within one's teams: any role.</summary>
    public const string Read = "Read";

    /// <summary>Create, run, export and delete within one's teams (console): Engineer or Admin, never a read-only token.</summary>
    public const string Write = "Write";

    /// <summary>
    /// The API's state-changing calls: as <see cref="Write"/>, and only with a bearer token. A browser
    /// never attaches an Authorization header to a cross-site request, so no other web page can make
    /// these calls with the user's cookie (no CSRF), and scripts need no antiforgery token.
    /// </summary>
    public const string ApiWrite = "ApiWrite";

    /// <summary>Everything: the system page, detailed health, accounts and sharing.</summary>
    public const string Admin = "Admin";

    /// <summary><c>/metrics</c>: an admin's bearer token (read-only suffices), as Prometheus sends it.</summary>
    public const string Metrics = "Metrics";

    internal static void Add(AuthorizationBuilder authorization, bool accountsOff)
    {
        // With Auth:Mode=none there is only the local scheme (everyone is the laptop's one admin).
        string[] tokenOnly = accountsOff ? [LocalOnlyAuthentication.SchemeName] : [ApiTokenAuthentication.SchemeName];
        authorization
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Read, policy => policy.RequireRole(Roles.All))
            .AddPolicy(Write, policy => policy.RequireRole(Roles.Admin, Roles.Engineer).RequireAssertion(NotReadOnly))
            .AddPolicy(ApiWrite, policy => policy.AddAuthenticationSchemes(tokenOnly).RequireRole(Roles.Admin, Roles.Engineer).RequireAssertion(NotReadOnly))
            .AddPolicy(Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Metrics, policy => policy.AddAuthenticationSchemes(tokenOnly).RequireRole(Roles.Admin));
    }

    private static bool NotReadOnly(AuthorizationHandlerContext context) =>
        !string.Equals(context.User.FindFirst(ApiTokenAuthentication.ScopeClaim)?.Value, "read", StringComparison.Ordinal);

    /// <summary>The scheme a request authenticates with: the bearer token when it sends one, otherwise the sign-in cookie.</summary>
    internal static string SelectScheme(HttpContext context, bool accountsOff) =>
        accountsOff ? LocalOnlyAuthentication.SchemeName
        : context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? ApiTokenAuthentication.SchemeName
        : IdentityConstants.ApplicationScheme;
}
