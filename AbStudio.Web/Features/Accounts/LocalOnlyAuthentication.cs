using System.Security.Claims;
using System.Text.Encodings.Web;
using AbStudio.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// <c>Auth:Mode=none</c> (a single-user laptop only; the host warns at every start): every request is
/// the laptop's one admin. Nothing else uses this scheme, and it is never a fallback.
/// </summary>
public sealed class LocalOnlyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LocalOnly";

    /// <summary>The one user of a laptop without accounts; fixed so its runs and exports name the same actor across restarts.</summary>
    public static readonly Guid LocalUserId = new("00000000-0000-7000-8000-000000000001");

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = new ClaimsIdentity(
            [new(ClaimTypes.NameIdentifier, LocalUserId.ToString()), new(ClaimTypes.Name, "local"), new(ClaimTypes.Role, Roles.Admin)],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
