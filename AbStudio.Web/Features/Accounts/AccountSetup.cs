using AbStudio.Domain.Governance;
using AbStudio.Domain.Persistence;
using AbStudio.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Accounts;

/// <summary>
/// Creates what accounts stand on: the three roles, users by name, teams and memberships. Used by the
/// first start and the <c>token create</c> verb; each step is idempotent.
/// </summary>
public sealed partial class AccountSetup(
    UserManager<AbStudioUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IDbContextFactory<AbStudioDbContext> contexts,
    ApiTokens tokens,
    ILogger<AccountSetup> logger)
{
    /// <summary>
    /// The <c>token create</c> use case (the verb, and fixtures that act as real users): the user, created
    /// when missing (a new user without a role gets Viewer, the least a token can usefully do), given the
    /// role and team, and a new token. Returns the role given, if any.
    /// </summary>
    public async Task<(NewApiToken Token, bool UserCreated, string? Role)> CreateTokenAsync(TokenCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await EnsureRolesAsync();
        var (user, created) = await FindOrCreateUserAsync(request.UserName);
        var role = request.Role ?? (created ? Roles.Viewer : null);
        if (role is not null)
        {
            await EnsureRoleAsync(user, role);
        }

        if (request.Team is not null)
        {
            await EnsureTeamMemberAsync(request.Team, user.Id, cancellationToken);
        }

        var token = await tokens.CreateAsync(user.Id, request.TokenName, request.Scope, request.Lifetime, cancellationToken);
        return (token, created, role);
    }

    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() }), $"create role {role}");
            }
        }
    }

    /// <summary>The user of that name, created (without a password) when there is none; <c>Created</c> says which.</summary>
    public async Task<(AbStudioUser User, bool Created)> FindOrCreateUserAsync(string userName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        if (await users.FindByNameAsync(userName) is { } existing)
        {
            return (existing, false);
        }

        var user = new AbStudioUser(userName);
        Check(await users.CreateAsync(user), $"create user {userName}");
        LogUserCreated(userName, user.Id);
        return (user, true);
    }

    public async Task EnsureRoleAsync(AbStudioUser user, string role)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await users.IsInRoleAsync(user, role))
        {
            Check(await users.AddToRoleAsync(user, role), $"give {user.UserName} the role {role}");
            LogRoleGiven(user.UserName, role);
        }
    }

    /// <summary>
    /// Creates the team when there is none of that name and adds the user to it; returns the team's id.
    /// Team names are the one key people type (<c>token create --team</c>, <c>import --team</c>, the upload's
    /// <c>team</c> field): every path finds the row by name, so one name is one team.
    /// </summary>
    public async Task<Guid> EnsureTeamMemberAsync(string teamName, Guid userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(teamName);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var team = await db.Teams.SingleOrDefaultAsync(t => t.Name == teamName, cancellationToken);
        if (team is null)
        {
            // The default team has a well-known id (the migration TeamOwnership made it); any other is new.
            team = string.Equals(teamName, Team.DefaultName, StringComparison.Ordinal)
                ? new Team { Id = Team.DefaultId, Name = teamName }
                : new Team { Name = teamName };
            db.Teams.Add(team);
            LogTeamCreated(teamName);
        }

        if (!await db.TeamMembers.AnyAsync(m => m.TeamId == team.Id && m.UserId == userId, cancellationToken))
        {
            db.TeamMembers.Add(new TeamMember { TeamId = team.Id, UserId = userId });
            LogMemberAdded(userId, teamName);
        }

        await db.SaveChangesAsync(cancellationToken);
        return team.Id;
    }

    // Identity's error descriptions name the rule (duplicate name, bad characters), never a password.
    internal static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserName} created ({UserId})")]
    private partial void LogUserCreated(string userName, Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserName} given the role {Role}")]
    private partial void LogRoleGiven(string? userName, string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Team {Team} created")]
    private partial void LogTeamCreated(string team);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} added to team {Team}")]
    private partial void LogMemberAdded(Guid userId, string team);
}
