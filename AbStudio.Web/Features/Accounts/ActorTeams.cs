using AbStudio.Domain.Governance;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Accounts;

/// <summary>Which team a new dataset or test belongs to, or why none can be chosen (a problem for the <c>team</c> field).</summary>
public readonly record struct TeamChoice(Guid? TeamId, string? Problem)
{
    public const string Field = "team";
}

/// <summary>
/// The team that owns what an actor creates: the one named (by id or name), which must be one of
/// theirs (admins: any existing team), or else their only team; an admin naming none gets the
/// default team. A team the actor is not in is answered as one that does not exist.
/// </summary>
public static class ActorTeams
{
    public static async Task<TeamChoice> ChooseAsync(AbStudioDbContext db, Actor actor, string? requested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(requested))
        {
            if (actor.Scope.AllTeams)
            {
                return new TeamChoice(Team.DefaultId, null);
            }

            return actor.Scope.Teams.Count switch
            {
                1 => new TeamChoice(actor.Scope.Teams.Single(), null),
                0 => new TeamChoice(null, "You belong to no team: an admin has to add you to one before you can create anything."),
                _ => new TeamChoice(null, $"You belong to {actor.Scope.Teams.Count} teams: say which one owns it (team: its name or id)."),
            };
        }

        var name = requested.Trim();
        var id = Guid.TryParse(name, out var parsed) ? parsed : (Guid?)null;
        var team = await db.Teams.AsNoTracking().Where(t => t.Id == id || t.Name == name).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
        return team is { } found && actor.Scope.Sees(found)
            ? new TeamChoice(found, null)
            : new TeamChoice(null, $"'{name}' is not {(actor.Scope.AllTeams ? "a team" : "one of your teams")}: give the name or id of {(actor.Scope.AllTeams ? "an existing team" : "a team you belong to")}.");
    }
}
