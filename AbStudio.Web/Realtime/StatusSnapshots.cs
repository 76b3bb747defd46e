using AbStudio.Domain.Governance;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Realtime;

/// <summary>
/// The current state of a watched item, read from the database: what a client gets the moment it
/// starts watching, so it never waits for the next change to learn where things stand.
/// </summary>
public sealed class StatusSnapshots(IDbContextFactory<AbStudioDbContext> contexts)
{
    /// <summary>The item's state, or null when there is no such item or the scope does not see it (the same answer).</summary>
    public async Task<StatusUpdate?> GetAsync(TeamScope scope, string kind, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (StatusSources.Find(kind) is not { } source)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await VisibleAsync(db, scope, kind, id, cancellationToken))
        {
            return null;
        }

        var row = await source.One(db, id).SingleOrDefaultAsync(cancellationToken);
        return row?.ToUpdate(kind);
    }

    /// <summary>Whether the scope sees the watched item: tests, runs, collections and jobs as their lists do.</summary>
    public async Task<bool> VisibleAsync(TeamScope scope, string kind, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await VisibleAsync(db, scope, kind, id, cancellationToken);
    }

    private static Task<bool> VisibleAsync(AbStudioDbContext db, TeamScope scope, string kind, Guid id, CancellationToken cancellationToken) => kind switch
    {
        _ when scope.AllTeams => Task.FromResult(true),
        "test" => db.Tests.VisibleTo(scope).AnyAsync(t => t.Id == id, cancellationToken),
        "run" => db.Runs.VisibleTo(scope).AnyAsync(r => r.Id == id, cancellationToken),
        "collection" => db.Collections.VisibleTo(scope).AnyAsync(c => c.Id == id, cancellationToken),
        "job" => db.Jobs.VisibleTo(scope, db).AnyAsync(j => j.Id == id, cancellationToken),
        _ => Task.FromResult(false),
    };
}
