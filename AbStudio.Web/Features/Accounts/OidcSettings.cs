using System.Net;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// The <c>Auth:Oidc</c> section: optional single sign-on through an OpenID Connect provider
/// (docs/security.md "Single sign-on"). Off while <see cref="Authority"/> is empty.
/// </summary>
public sealed class OidcSettings
{
    public const string Section = "Auth:Oidc";

    /// <summary>The authentication scheme, the login provider name stored with linked users, and the display of the login.</summary>
    public const string Scheme = "oidc";

    /// <summary>The provider's issuer URL (its discovery document is <c>{Authority}/.well-known/openid-configuration</c>); empty: no single sign-on.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The confidential client's secret; never logged, never quoted in a settings message.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The button reads "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>The id_token claim whose values that are AbStudio roles (Admin, Engineer, Viewer) become the user's roles.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The id_token claim whose values become the user's teams (by name).</summary>
    public string TeamClaim { get; set; } = "groups";

    /// <summary>Scopes asked for, separated by spaces or commas; <c>openid</c> is always asked.</summary>
    public string Scopes { get; set; } = "openid profile email";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The scopes as a list, <c>openid</c> first.</summary>
    public IReadOnlyList<string> ScopeList =>
        ["openid", .. Scopes.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(scope => !string.Equals(scope, "openid", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Metadata may come over plain HTTP only from a provider on this machine (a test or a local
    /// development IdP on 127.0.0.1, ::1 or localhost): anywhere else a network attacker could swap the keys.
    /// </summary>
    public static bool IsLoopbackHttp(Uri authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return authority.Scheme == Uri.UriSchemeHttp
            && (authority.IsLoopback || (IPAddress.TryParse(authority.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)));
    }
}

/// <summary>Checks the single sign-on settings when an authority is set; quotes no secret.</summary>
internal sealed class OidcSettingsValidator : IValidateOptions<OidcSettings>
{
    public ValidateOptionsResult Validate(string? name, OidcSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority)
            || (authority.Scheme != Uri.UriSchemeHttps && !OidcSettings.IsLoopbackHttp(authority)))
        {
            failures.Add($"{OidcSettings.Section}:Authority is '{options.Authority}'; set the provider's https:// issuer URL (plain http only for a provider on 127.0.0.1, ::1 or localhost).");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{OidcSettings.Section}:ClientId is empty; set the client id registered for AbStudio at the provider (Auth:Oidc:Authority is set).");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add($"{OidcSettings.Section}:ClientSecret is empty; set the client secret registered for AbStudio at the provider (Auth:Oidc:Authority is set).");
        }

        if (string.IsNullOrWhiteSpace(options.RoleClaim) || string.IsNullOrWhiteSpace(options.TeamClaim))
        {
            failures.Add($"{OidcSettings.Section}:RoleClaim and {OidcSettings.Section}:TeamClaim must name a claim (defaults 'roles' and 'groups').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
