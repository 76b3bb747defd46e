namespace AbStudio.Domain.Governance;

/// <summary>
/// Which teams' resources a caller may see (docs/adr/0006): every team (an admin, or the host's own
/// background work), or the listed ones. A resource outside the scope is answered as not found, so
/// an id reveals nothing about what exists.
/// </summary>
public sealed class TeamScope
{
    private TeamScope(bool allTeams, IReadOnlySet<Guid> teams)
    {
        AllTeams = allTeams;
        Teams = teams;
    }

    /// <summary>Every team: admins, and the host's own jobs and sweepers.</summary>
    public static TeamScope Everything { get; } = new(allTeams: true, new HashSet<Guid>());

    /// <summary>No team at all: what an unknown caller sees.</summary>
    public static TeamScope Nothing { get; } = new(allTeams: false, new HashSet<Guid>());

    public static TeamScope Of(IEnumerable<Guid> teams) => new(allTeams: false, teams.ToHashSet());

    public bool AllTeams { get; }

    public IReadOnlySet<Guid> Teams { get; }

    public bool Sees(Guid teamId) => AllTeams || Teams.Contains(teamId);
}
