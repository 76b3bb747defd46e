using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Api;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Collections;

/// <summary>
/// What the console's collection pages read beyond the API's views: the list's columns (revision,
/// index, size, last use, TTL, dataset) and the tests whose arms use a collection.
/// </summary>
public sealed class CollectionsQueries(IDbContextFactory<AbStudioDbContext> contexts)
{
    /// <summary>Newest first.</summary>
    public async Task<PagedList<CollectionRow>> ListAsync(Actor actor, PageQuery page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Collections.AsNoTracking().VisibleTo(actor.Scope)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Select(c => new CollectionRow(
                c.Id, c.Fingerprint, c.Dataset!.Name, c.Provider, c.Model, c.ModelRevision, c.Dimensions, c.IndexKind, c.Status,
                c.ChunksDone, c.ChunksTotal, c.SizeBytes, c.LastUsedAt, c.Ttl, c.Error))
            .ToPagedListAsync(page, cancellationToken);
    }

    /// <summary>The tests with an arm that uses the collection, the running ones first: only the actor's teams' tests.</summary>
    public async Task<IReadOnlyList<CollectionUser>> UsersAsync(Actor actor, Guid collectionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tests = db.Tests.VisibleTo(actor.Scope).Select(t => t.Id);
        var arms = await db.Arms.AsNoTracking().Where(a => a.CollectionId == collectionId && tests.Contains(a.TestId))
            .Select(a => new { a.TestId, Test = a.Test!.Name, a.Test.Status, a.Test.UpdatedAt, Arm = a.Name })
            .ToListAsync(cancellationToken);
        return [.. arms.GroupBy(a => a.TestId)
            .Select(g => new CollectionUser(g.Key, g.First().Test, g.First().Status, [.. g.Select(a => a.Arm).Order(StringComparer.Ordinal)]))
            .OrderByDescending(u => u.Live).ThenBy(u => u.Test, StringComparer.Ordinal)];
    }

    /// <summary>The name of the dataset a collection was built from (null once it is gone).</summary>
    public async Task<string?> DatasetNameAsync(Actor actor, Guid datasetId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.VisibleTo(actor.Scope).Where(d => d.Id == datasetId).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken);
    }
}

/// <summary>A row of the collections list.</summary>
public sealed record CollectionRow(
    Guid Id, string Fingerprint, string Dataset, string Provider, string? Model, string? ModelRevision, int Dimensions, string IndexKind,
    CollectionStatus Status, long ChunksDone, long ChunksTotal, long SizeBytes, DateTime LastUsedAt, TimeSpan? Ttl, string? Error)
{
    public string StatusWord => Status.ToString().ToLowerInvariant();

    public bool Building => Status is CollectionStatus.Pending or CollectionStatus.Building;

    public StatusUpdate Snapshot { get; } = new("collection", Id, Status.ToString().ToLowerInvariant(), ChunksDone, ChunksTotal, Message: Error);
}

/// <summary>A test whose arms (named) use a collection.</summary>
public sealed record CollectionUser(Guid TestId, string Test, AbTestStatus Status, IReadOnlyList<string> Arms)
{
    /// <summary>Queued, building or running: the collection cannot be deleted while it is.</summary>
    public bool Live => Status is AbTestStatus.Queued or AbTestStatus.Building or AbTestStatus.Running;
}
