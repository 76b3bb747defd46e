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
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var state = kind switch
        {
            "collection" => await db.Collections.Where(c => c.Id == id)
                .Select(c => new State(c.Status, c.ChunksDone, c.ChunksTotal, c.Error)).SingleOrDefaultAsync(cancellationToken),
            "run" => await db.Runs.Where(r => r.Id == id)
                .Select(r => new State(r.Status, r.QueriesDone, r.QueriesTotal, r.Error)).SingleOrDefaultAsync(cancellationToken),
            "test" => await db.Tests.Where(t => t.Id == id)
                .Select(t => new State(t.Status, 0, 0, null)).SingleOrDefaultAsync(cancellationToken),
            _ => null,
        };
        return state is null
            ? null
            : new StatusUpdate(kind, id, state.Status.ToString().ToLowerInvariant(), state.Done, state.Total, Message: state.Error);
    }

    private sealed record State(Enum Status, long Done, long Total, string? Error);
}
