using System.Text.Json;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Features.Collections;
using AbStudio.Web.Observability;
using AbStudio.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Jobs;

/// <summary>What each job type does, and what its subject becomes when the job fails for good.</summary>
public sealed class JobHandlers(BuildCollectionJob buildCollection, IDbContextFactory<AbStudioDbContext> contexts, StatusNotifier notifier, AbStudioMetrics metrics)
{
    public IReadOnlyList<string> Types { get; } = [CollectionPlanner.BuildJobType];

    public Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Type switch
        {
            CollectionPlanner.BuildJobType => buildCollection.ExecuteAsync(CollectionOf(job), ProviderOf(job), cancellationToken),
            _ => throw new InvalidOperationException($"No handler for job type '{job.Type}'."),
        };
    }

    /// <summary>The job used up its attempts: its collection is failed, keeping the error, until a user retries.</summary>
    public async Task FailedAsync(Job job, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Type != CollectionPlanner.BuildJobType)
        {
            return;
        }

        var collectionId = CollectionOf(job);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Collections.Where(c => c.Id == collectionId).ExecuteUpdateAsync(
            set => set.SetProperty(c => c.Status, CollectionStatus.Failed).SetProperty(c => c.Error, error.Length > 8000 ? error[..8000] : error),
            cancellationToken);
        notifier.Publish(new StatusUpdate("collection", collectionId, "failed", 0, 0, Message: error));
        metrics.CollectionBuilt(ProviderOf(job), ready: false);
    }

    // The planner always names it; "unknown" keeps a hand-made job from breaking its metrics.
    private static string ProviderOf(Job job) => job.Provider ?? "unknown";

    private static Guid CollectionOf(Job job) =>
        job.SubjectId ?? JsonDocument.Parse(job.PayloadJson).RootElement.GetProperty("collection").GetGuid();
}
