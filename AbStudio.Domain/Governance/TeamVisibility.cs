using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Datasets;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;

namespace AbStudio.Domain.Governance;

/// <summary>
/// What a <see cref="TeamScope"/> sees of each kind of row (docs/adr/0006), as query filters every
/// read and write of a user's use case starts from: a row it does not see is answered exactly as a
/// missing id. Datasets: the team's own and the shared ones. Tests: the team's own. Collections: the
/// team's own and those of a shared dataset. Runs through their test; jobs through the collection or
/// run they serve (a job with no such subject only for <see cref="TeamScope.Everything"/>).
/// </summary>
public static class TeamVisibility
{
    public static IQueryable<Dataset> VisibleTo(this IQueryable<Dataset> datasets, TeamScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.AllTeams)
        {
            return datasets;
        }

        var teams = scope.Teams.ToArray();
        return datasets.Where(d => d.Shared || teams.Contains(d.TeamId));
    }

    public static IQueryable<AbTest> VisibleTo(this IQueryable<AbTest> tests, TeamScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.AllTeams)
        {
            return tests;
        }

        var teams = scope.Teams.ToArray();
        return tests.Where(t => teams.Contains(t.TeamId));
    }

    public static IQueryable<Collection> VisibleTo(this IQueryable<Collection> collections, TeamScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.AllTeams)
        {
            return collections;
        }

        var teams = scope.Teams.ToArray();
        return collections.Where(c => teams.Contains(c.TeamId) || c.Dataset!.Shared);
    }

    public static IQueryable<Run> VisibleTo(this IQueryable<Run> runs, TeamScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.AllTeams)
        {
            return runs;
        }

        var teams = scope.Teams.ToArray();
        return runs.Where(r => teams.Contains(r.Test!.TeamId));
    }

    /// <summary>Jobs whose collection or run the scope sees; <paramref name="db"/> is the context the query runs in.</summary>
    public static IQueryable<Job> VisibleTo(this IQueryable<Job> jobs, TeamScope scope, AbStudioDbContext db)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(db);
        if (scope.AllTeams)
        {
            return jobs;
        }

        var collections = db.Collections.VisibleTo(scope).Select(c => c.Id);
        var runs = db.Runs.VisibleTo(scope).Select(r => r.Id);
        return jobs.Where(j => j.SubjectId != null && (collections.Contains(j.SubjectId.Value) || runs.Contains(j.SubjectId.Value)));
    }
}
