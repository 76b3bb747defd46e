using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Api;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Jobs;
using AbStudio.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Collections;

/// <summary>The collection use cases behind the console and the API: plan (reuse, join or build), list, read, delete.</summary>
public sealed class CollectionsService(
    CollectionPlanner planner,
    StatusNotifier notifier,
    DispatchNudge dispatch,
    IDbContextFactory<AbStudioDbContext> contexts,
    IVectorStore store)
{
    /// <summary>Plans an arm's collection; a new or repeated build is announced as <c>pending</c>.</summary>
    public Task<CollectionPlan> PlanAsync(CollectionSpecification specification, Guid datasetId, bool reuseExisting, CancellationToken cancellationToken = default) =>
        PlanAsync(specification, datasetId, Team.DefaultId, reuseExisting, cancellationToken);

    /// <summary>Plans an arm's collection for a test of <paramref name="teamId"/> (the lifecycle's call; unscoped host work).</summary>
    public async Task<CollectionPlan> PlanAsync(CollectionSpecification specification, Guid datasetId, Guid teamId, bool reuseExisting, CancellationToken cancellationToken = default)
    {
        var plan = await planner.PlanAsync(specification, datasetId, teamId, reuseExisting, cancellationToken);
        if (plan.Outcome is CollectionPlanOutcome.Building or CollectionPlanOutcome.Rebuilding)
        {
            notifier.Publish(new StatusUpdate("collection", plan.CollectionId, "pending", 0, 0, Message: plan.Reason));

            // The job is in the table already; this only saves the wait for the dispatcher's next poll.
            dispatch.Nudge();
        }

        return plan;
    }

    /// <summary>Newest first, optionally only those in <paramref name="status"/>.</summary>
    public async Task<PagedList<CollectionSummary>> ListAsync(Actor actor, CollectionStatus? status, PageQuery page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Collections.AsNoTracking().VisibleTo(actor.Scope)
            .Where(c => status == null || c.Status == status)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Select(c => new { c.Id, c.Fingerprint, c.DatasetId, c.Provider, c.Model, c.Dimensions, c.Status, c.ChunksDone, c.ChunksTotal, c.CheckpointBatches, c.CreatedAt, c.ReadyAt })
            .ToPagedListAsync(page, cancellationToken);
        return new PagedList<CollectionSummary>(
            rows.Items.Select(c => new CollectionSummary(
                c.Id, c.Fingerprint, c.DatasetId, c.Provider, c.Model, c.Dimensions, c.Status,
                CollectionViews.Progress(c.ChunksDone, c.ChunksTotal, c.CheckpointBatches), c.CreatedAt, c.ReadyAt)).ToList(),
            rows.Page, rows.PageSize, rows.Total);
    }

    public async Task<CollectionDetail?> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var collection = await db.Collections.AsNoTracking().VisibleTo(actor.Scope).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return collection is null ? null : CollectionViews.Detail(collection);
    }

    /// <summary>
    /// Deletes a collection and its vectors, unless it is being built (or its build is queued), or an
    /// arm of a queued, building or running test needs it. Arms of finished tests keep its fingerprint.
    /// </summary>
    public async Task<DeletionResult> DeleteAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var collection = await db.Collections.AsNoTracking().VisibleTo(actor.Scope).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (collection is null)
        {
            return DeletionResult.NotFound;
        }

        // A shared dataset's collection is seen by every team but deleted only by the team that built it (or an admin).
        if (!actor.CanWrite)
        {
            return DeletionResult.Forbidden;
        }

        if (!actor.Scope.Sees(collection.TeamId))
        {
            return new DeletionResult(DeletionOutcome.Forbidden, "Another team built this collection of a shared dataset: only that team or an admin can delete it.");
        }

        var activeJobs = await db.Jobs.CountAsync(j => j.SubjectId == id && JobStatuses.Active.Contains(j.Status), cancellationToken);
        if (collection.Status.IsBuilding() || activeJobs > 0)
        {
            return DeletionResult.InUse("The collection is being built (or its build is queued): cancel its job first (POST /api/v1/jobs/{id}/cancel).");
        }

        var tests = await db.Arms
            .Where(a => (a.CollectionId == id || a.CollectionFingerprint == collection.Fingerprint) && AbTestStatuses.Active.Contains(a.Test!.Status))
            .Select(a => a.Test!.Name).Distinct().ToListAsync(cancellationToken);
        if (tests.Count > 0)
        {
            return DeletionResult.InUse(
                $"Arms of {tests.Count} queued or running test(s) use it ({string.Join(", ", tests.Take(5).Select(n => $"'{n}'"))}): wait for them to finish or cancel them.");
        }

        // The row first: it is the truth. Vector files left by a failure here are unreachable and
        // would be overwritten by a rebuild of the same fingerprint; the reverse order could leave a
        // "ready" collection without vectors.
        if (await db.Collections.Where(c => c.Id == id && c.Version == collection.Version).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return DeletionResult.InUse("The collection changed while it was being deleted (a build started?); look again.");
        }

        await store.DeleteAsync(collection.Fingerprint, cancellationToken);
        return DeletionResult.Deleted;
    }
}
