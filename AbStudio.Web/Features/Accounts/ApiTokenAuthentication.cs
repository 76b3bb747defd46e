using System.Security.Claims;
using System.Text.Encodings.Web;
using AbStudio.Domain.Persistence;
using AbStudio.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// The <c>Authorization: Bearer abs_…</c> scheme: a verified token becomes its user with roles, teams
/// and the token's scope. It only says who is calling; refusing is for the policies of the next step,
/// so a missing or bad token leaves the request anonymous, as every request is today.
/// </summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokens tokens,
    UserManager<AbStudioUser> users,
    IDbContextFactory<AbStudioDbContext> contexts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string ScopeClaim = "abstudio:token_scope";
    public const string TokenClaim = "abstudio:token_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        // The failure never quotes what was presented: it is a secret, right or wrong.
        var verified = await tokens.VerifyAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (verified is null || await users.FindByIdAsync(verified.UserId.ToString()) is not { } user)
        {
            return AuthenticateResult.Fail("The bearer token is not valid.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.UserName ?? ""),
            new(ScopeClaim, verified.Scope.ToString().ToLowerInvariant()),
            new(TokenClaim, verified.TokenId.ToString()),
        };
        claims.AddRange((await users.GetRolesAsync(user)).Select(role => new Claim(ClaimTypes.Role, role)));
        await using var db = await contexts.CreateDbContextAsync(Context.RequestAborted);
        var teams = await db.TeamMembers.Where(m => m.UserId == user.Id).Select(m => m.TeamId).ToListAsync(Context.RequestAborted);
        claims.AddRange(teams.Select(team => new Claim(Actor.TeamClaim, team.ToString())));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}
