using System.Security.Claims;
using AbStudio.Domain.Persistence;
using AbStudio.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// Puts the user's teams into the sign-in cookie (<see cref="Actor.TeamClaim"/>), as the bearer scheme
/// does for tokens, so every request knows its teams without a query. A membership change reaches the
/// cookie at the next sign-in or revalidation (the security stamp changes with it).
/// </summary>
public sealed class TeamClaimsFactory(
    UserManager<AbStudioUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IOptions<IdentityOptions> options,
    IDbContextFactory<AbStudioDbContext> contexts)
    : UserClaimsPrincipalFactory<AbStudioUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AbStudioUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        await using var db = await contexts.CreateDbContextAsync();
        var teams = await db.TeamMembers.Where(m => m.UserId == user.Id).Select(m => m.TeamId).ToListAsync();
        identity.AddClaims(teams.Select(team => new Claim(Actor.TeamClaim, team.ToString())));
        return identity;
    }
}
