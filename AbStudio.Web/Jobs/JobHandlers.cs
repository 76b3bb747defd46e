using System.Text.Json;
using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs.Planning;
using AbStudio.Web.Features.Collections;
using AbStudio.Web.Features.Runs;
using AbStudio.Web.Observability;
using AbStudio.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Jobs;

/// <summary>What each job type does, and what its subject becomes when the job fails for good.</summary>
public sealed class JobHandlers(
    BuildCollectionJob buildCollection,
    ExecuteRunJob executeRun,
    RunScheduler runs,
    IDbContextFactory<AbStudioDbContext> contexts,
    StatusNotifier notifier,
    AbStudioMetrics metrics)
{
    public IReadOnlyList<string> Types { get; } = [CollectionPlanner.BuildJobType, RunScheduler.ExecuteJobType];

    public Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Type switch
        {
            CollectionPlanner.BuildJobType => buildCollection.ExecuteAsync(SubjectOf(job, "collection"), ProviderOf(job), cancellationToken),
            RunScheduler.ExecuteJobType => executeRun.ExecuteAsync(SubjectOf(job, "run"), cancellationToken),
            _ => throw new InvalidOperationException($"No handler for job type '{job.Type}'."),
        };
    }

    /// <summary>The job used up its attempts: its collection or run is failed, keeping the error, until a user retries.</summary>
    public async Task FailedAsync(Job job, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Type == RunScheduler.ExecuteJobType)
        {
            var runId = SubjectOf(job, "run");
            await runs.FailAsync(runId, error, cancellationToken);
            metrics.RunEnded(completed: false);
            notifier.Publish(new StatusUpdate("run", runId, "failed", 0, 0, Message: error));
            return;
        }

        if (job.Type != CollectionPlanner.BuildJobType)
        {
            return;
        }

        var collectionId = SubjectOf(job, "collection");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Collections.Where(c => c.Id == collectionId).ExecuteUpdateAsync(
            set => set.SetProperty(c => c.Status, CollectionStatus.Failed).SetProperty(c => c.Error, error.Length > 8000 ? error[..8000] : error),
            cancellationToken);
        notifier.Publish(new StatusUpdate("collection", collectionId, "failed", 0, 0, Message: error));
        metrics.CollectionBuilt(ProviderOf(job), ready: false);
    }

    // The planner always names it; "unknown" keeps a hand-made job from breaking its metrics.
    private static string ProviderOf(Job job) => job.Provider ?? "unknown";

    private static Guid SubjectOf(Job job, string payloadField) =>
        job.SubjectId ?? JsonDocument.Parse(job.PayloadJson).RootElement.GetProperty(payloadField).GetGuid();
}
