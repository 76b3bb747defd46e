using System.Security.Claims;
using System.Text;
using AbStudio.Domain.Persistence;
using AbStudio.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// The single sign-on callback's use case: the provider's user (by <c>sub</c>) linked to a local user
/// (created on first sign-in, never matched to an existing one by name), its roles and teams taken
/// from the id_token's claims, and the usual sign-in cookie.
/// </summary>
public sealed partial class OidcAccountLink(
    SignInManager<AbStudioUser> signIn,
    UserManager<AbStudioUser> users,
    AccountSetup setup,
    IDbContextFactory<AbStudioDbContext> contexts,
    IOptions<OidcSettings> settings,
    AccountEvents events,
    ILogger<OidcAccountLink> logger)
{
    /// <summary>Signs the provider's user in; returns null on success, else an <see cref="OidcSignIn.Problems"/> code.</summary>
    public async Task<string?> SignInAsync(CancellationToken cancellationToken)
    {
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null || info.LoginProvider != OidcSettings.Scheme)
        {
            LogNoExternalLogin(logger);
            return OidcSignIn.Problems.Failed;
        }

        try
        {
            var user = await FindOrCreateAsync(info);
            var changed = await SetRolesAsync(user, info.Principal);
            changed |= await SetTeamsAsync(user, info.Principal, cancellationToken);
            if (changed)
            {
                // Other sessions of this user pick up the new roles and teams at their next revalidation.
                AccountSetup.Check(await users.UpdateSecurityStampAsync(user), $"renew the security stamp of {user.UserName}");
            }

            // As the password sign-in: a locked-out or not-allowed user is refused; the TeamClaimsFactory adds the teams.
            var result = await signIn.ExternalLoginSignInAsync(OidcSettings.Scheme, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
            events.SignInAttempt(user.UserName ?? "", result, OidcSettings.Scheme);
            return result.Succeeded ? null : OidcSignIn.Problems.NotAllowed;
        }
        catch (InvalidOperationException e)
        {
            // Identity's errors name the rule (a duplicate name, bad characters), never a secret.
            LogLinkFailed(logger, e.Message);
            return OidcSignIn.Problems.Failed;
        }
    }

    private async Task<AbStudioUser> FindOrCreateAsync(ExternalLoginInfo info)
    {
        if (await users.FindByLoginAsync(OidcSettings.Scheme, info.ProviderKey) is { } linked)
        {
            return linked;
        }

        // A new local user, never an existing one of the same name: the provider's "admin" is not this host's admin.
        var wanted = UserNameFrom(info.Principal, info.ProviderKey);
        var name = wanted;
        for (var n = 2; await users.FindByNameAsync(name) is not null; n++)
        {
            name = $"{wanted}-{n}";
        }

        var user = new AbStudioUser(name);
        AccountSetup.Check(await users.CreateAsync(user), $"create the single sign-on user {name}");
        AccountSetup.Check(await users.AddLoginAsync(user, new UserLoginInfo(OidcSettings.Scheme, info.ProviderKey, OidcSettings.Scheme)), $"link {name} to its single sign-on login");
        LogUserLinked(logger, name);
        return user;
    }

    /// <summary>The role claim's values that are AbStudio roles replace the user's roles; none gives Viewer.</summary>
    private async Task<bool> SetRolesAsync(AbStudioUser user, ClaimsPrincipal principal)
    {
        await setup.EnsureRolesAsync();
        var wanted = ClaimValues(principal, settings.Value.RoleClaim).Select(Roles.Find).OfType<string>().Distinct().ToList();
        if (wanted.Count == 0)
        {
            wanted = [Roles.Viewer];
        }

        var current = await users.GetRolesAsync(user);
        var remove = current.Except(wanted, StringComparer.Ordinal).ToList();
        var add = wanted.Except(current, StringComparer.Ordinal).ToList();
        if (remove.Count > 0)
        {
            AccountSetup.Check(await users.RemoveFromRolesAsync(user, remove), $"take roles from {user.UserName}");
        }

        if (add.Count > 0)
        {
            AccountSetup.Check(await users.AddToRolesAsync(user, add), $"give roles to {user.UserName}");
        }

        if (remove.Count + add.Count > 0)
        {
            var given = string.Join(", ", wanted);
            LogRolesSet(logger, user.UserName, given);
            return true;
        }

        return false;
    }

    /// <summary>
    /// When the id_token carries the team claim, the user's teams become exactly its values (teams
    /// created by name when missing). Without the claim the memberships are left as they are.
    /// </summary>
    private async Task<bool> SetTeamsAsync(AbStudioUser user, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (!principal.HasClaim(claim => claim.Type == settings.Value.TeamClaim))
        {
            return false;
        }

        var wanted = ClaimValues(principal, settings.Value.TeamClaim).Distinct(StringComparer.Ordinal).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var current = await db.TeamMembers.Where(m => m.UserId == user.Id)
            .Join(db.Teams, m => m.TeamId, t => t.Id, (m, t) => new { Member = m, t.Name })
            .ToListAsync(cancellationToken);
        var stale = current.Where(c => !wanted.Contains(c.Name, StringComparer.Ordinal)).ToList();
        db.TeamMembers.RemoveRange(stale.Select(c => c.Member));
        await db.SaveChangesAsync(cancellationToken);
        foreach (var team in stale)
        {
            LogMemberRemoved(logger, user.UserName, team.Name);
        }

        var missing = wanted.Where(name => current.All(c => c.Name != name)).ToList();
        foreach (var team in missing)
        {
            await setup.EnsureTeamMemberAsync(team, user.Id, cancellationToken);
        }

        return stale.Count + missing.Count > 0;
    }

    private static IEnumerable<string> ClaimValues(ClaimsPrincipal principal, string type) =>
        principal.FindAll(type).Select(claim => claim.Value.Trim()).Where(value => value.Length > 0);

    /// <summary><c>preferred_username</c>, else the email, else <c>sub</c>, kept to the characters Identity accepts in a user name.</summary>
    internal static string UserNameFrom(ClaimsPrincipal principal, string subject)
    {
        foreach (var candidate in new[] { principal.FindFirst("preferred_username")?.Value, principal.FindFirst("email")?.Value, subject })
        {
            var name = Clean(candidate);
            if (name.Length > 0)
            {
                return name;
            }
        }

        return "sso-user";
    }

    private static string Clean(string? value)
    {
        var allowed = new StringBuilder();
        foreach (var c in value ?? "")
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '@' or '+')
            {
                allowed.Append(c);
            }
        }

        return allowed.Length > 64 ? allowed.ToString(0, 64) : allowed.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-on callback without a provider login (expired, replayed or opened directly)")]
    private static partial void LogNoExternalLogin(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-on could not link the user: {Reason}")]
    private static partial void LogLinkFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserName} created for a single sign-on login")]
    private static partial void LogUserLinked(ILogger logger, string userName);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserName} given the roles {Roles} by single sign-on")]
    private static partial void LogRolesSet(ILogger logger, string? userName, string roles);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserName} removed from team {Team} by single sign-on")]
    private static partial void LogMemberRemoved(ILogger logger, string? userName, string team);
}
