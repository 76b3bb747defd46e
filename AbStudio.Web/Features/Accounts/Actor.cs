using System.Security.Claims;
using AbStudio.Domain.Governance;
using AbStudio.Identity;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// Who is acting, read once from the signed-in principal (cookie or bearer token): the user, what
/// they may do (roles, narrowed by a read-only token) and where (their teams; admins every team).
/// Endpoints and pages build one and hand it to the feature services.
/// </summary>
public sealed record Actor(Guid? UserId, string Name, bool IsAdmin, bool CanWrite, bool CanRead, TeamScope Scope)
{
    /// <summary>Claim type of a team the user belongs to (its id); on cookie and token principals alike.</summary>
    public const string TeamClaim = "abstudio:team";

    /// <summary>Nobody signed in: reads nothing, writes nothing.</summary>
    public static Actor Anonymous { get; } = new(null, "anonymous", IsAdmin: false, CanWrite: false, CanRead: false, TeamScope.Nothing);

    /// <summary>The host's own work (sweepers, cleanup, verbs): every team, unscoped, as before teams existed.</summary>
    public static Actor Host { get; } = new(null, "host", IsAdmin: true, CanWrite: true, CanRead: true, TeamScope.Everything);

    public static Actor From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return Anonymous;
        }

        var readOnlyToken = string.Equals(principal.FindFirstValue(ApiTokenAuthentication.ScopeClaim), "read", StringComparison.Ordinal);
        var admin = principal.IsInRole(Roles.Admin);
        var engineer = principal.IsInRole(Roles.Engineer);
        var viewer = principal.IsInRole(Roles.Viewer);
        var teams = principal.FindAll(TeamClaim).Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty);
        return new Actor(
            userId,
            principal.Identity.Name ?? userId.ToString(),
            IsAdmin: admin,
            CanWrite: (admin || engineer) && !readOnlyToken,
            CanRead: admin || engineer || viewer,
            admin ? TeamScope.Everything : TeamScope.Of(teams));
    }
}
