using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Governance;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Overview;

/// <summary>What the dashboard shows: the workspace's size, the queue, and the tests moving now or lately.</summary>
public sealed class OverviewService(IDbContextFactory<AbStudioDbContext> contextFactory)
{
    // A test in one of these states is "running" for the dashboard: it holds the queue or its collections.
    private static readonly AbTestStatus[] LiveTests = [AbTestStatus.Queued, AbTestStatus.Building, AbTestStatus.Running];

    /// <summary>What the actor's teams hold: their datasets (and shared ones), tests, collections and jobs.</summary>
    public async Task<WorkspaceCounts> GetCountsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var scope = actor.Scope;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var collections = await db.Collections.AsNoTracking().VisibleTo(scope)
            .GroupBy(c => c.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), Bytes = g.Sum(c => c.SizeBytes) })
            .ToListAsync(cancellationToken);
        var jobs = await db.Jobs.AsNoTracking().VisibleTo(scope, db)
            .Where(j => j.Status == JobStatus.Pending || j.Status == JobStatus.Running)
            .GroupBy(j => j.Status).Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var visibleCollections = db.Collections.VisibleTo(scope).Select(c => c.Id);
        var inUse = await db.Arms.AsNoTracking()
            .Where(a => a.CollectionId != null && visibleCollections.Contains(a.CollectionId.Value) && LiveTests.Contains(a.Test!.Status))
            .Select(a => a.CollectionId).Distinct().CountAsync(cancellationToken);
        return new WorkspaceCounts(
            Datasets: await db.Datasets.VisibleTo(scope).CountAsync(cancellationToken),
            Tests: await db.Tests.VisibleTo(scope).CountAsync(cancellationToken),
            RunningTests: await db.Tests.VisibleTo(scope).CountAsync(t => LiveTests.Contains(t.Status), cancellationToken),
            ReadyCollections: collections.Where(c => c.Status == CollectionStatus.Ready).Sum(c => c.Count),
            BuildingCollections: collections.Where(c => c.Status is CollectionStatus.Pending or CollectionStatus.Building).Sum(c => c.Count),
            CollectionsInUse: inUse,
            StorageBytes: collections.Sum(c => c.Bytes),
            PendingJobs: jobs.Where(j => j.Status == JobStatus.Pending).Sum(j => j.Count),
            RunningJobs: jobs.Where(j => j.Status == JobStatus.Running).Sum(j => j.Count));
    }

    /// <summary>Tests that are running first, then the latest others, up to <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<RecentTest>> RecentTestsAsync(Actor actor, int count = 8, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tests.AsNoTracking().VisibleTo(actor.Scope)
            .OrderByDescending(t => LiveTests.Contains(t.Status)).ThenByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id)
            .Take(count)
            .Select(t => new RecentTest(t.Id, t.Name, t.Dataset!.Name, t.Status, t.UpdatedAt))
            .ToListAsync(cancellationToken);
    }
}

/// <summary>How much the workspace holds right now; <see cref="StorageBytes"/> sums every collection's vectors.</summary>
public sealed record WorkspaceCounts(
    int Datasets,
    int Tests,
    int RunningTests,
    int ReadyCollections,
    int BuildingCollections,
    int CollectionsInUse,
    long StorageBytes,
    int PendingJobs,
    int RunningJobs)
{
    /// <summary>Jobs waiting or working: the queue's depth.</summary>
    public int QueueDepth => PendingJobs + RunningJobs;
}

/// <summary>A test on the dashboard: what it is, on which dataset, and where it stands.</summary>
public sealed record RecentTest(Guid Id, string Name, string Dataset, AbTestStatus Status, DateTime UpdatedAt);
