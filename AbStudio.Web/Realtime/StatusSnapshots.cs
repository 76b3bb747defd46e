using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Realtime;

/// <summary>
/// The current state of a watched item, read from the database: what a client gets the moment it
/// starts watching, so it never waits for the next change to learn where things stand.
/// </summary>
public sealed class StatusSnapshots(IDbContextFactory<AbStudioDbContext> contexts)
{
    public async Task<StatusUpdate?> GetAsync(string kind, Guid id, CancellationToken cancellationToken = default)
    {
        if (StatusSources.Find(kind) is not { } source)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await source.One(db, id).SingleOrDefaultAsync(cancellationToken);
        return row?.ToUpdate(kind);
    }
}
