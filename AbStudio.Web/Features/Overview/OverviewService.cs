using AbStudio.Domain.Collections;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Overview;

/// <summary>What the landing page shows: how much the workspace holds right now.</summary>
public sealed class OverviewService(IDbContextFactory<AbStudioDbContext> contextFactory)
{
    public async Task<WorkspaceCounts> GetCountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return new WorkspaceCounts(
            Datasets: await db.Datasets.CountAsync(cancellationToken),
            Tests: await db.Tests.CountAsync(cancellationToken),
            ReadyCollections: await db.Collections.CountAsync(c => c.Status == CollectionStatus.Ready, cancellationToken),
            QueuedJobs: await db.Jobs.CountAsync(j => j.Status == JobStatus.Pending || j.Status == JobStatus.Running, cancellationToken));
    }
}

public sealed record WorkspaceCounts(int Datasets, int Tests, int ReadyCollections, int QueuedJobs);
