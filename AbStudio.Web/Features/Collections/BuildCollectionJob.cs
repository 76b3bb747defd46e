using AbStudio.Domain.Collections;
using AbStudio.Domain.Collections.Building;
using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs.Execution;
using AbStudio.Web.Jobs;
using AbStudio.Web.Observability;
using AbStudio.Web.Realtime;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Features.Collections;

/// <summary>
/// The work of a <c>BuildCollection</c> job: builds the collection with the configured providers
/// and tells watchers (Blazor pages, the status hub) how it goes. Idempotent and resumable: running
/// it again after a crash continues from the rows already stored.
/// </summary>
public sealed partial class BuildCollectionJob(
    IDbContextFactory<AbStudioDbContext> contexts,
    StatusNotifier notifier,
    AbStudioMetrics metrics,
    IVectorStore store,
    EmbeddingCatalog embeddings,
    ILoggerFactory loggers) : IJobType
{
    private readonly ILogger _log = loggers.CreateLogger<BuildCollectionJob>();

    public string Type => CollectionPlanner.BuildJobType;

    public Task RunAsync(Job job, CancellationToken cancellationToken) =>
        ExecuteAsync(IJobType.SubjectOf(job, "collection"), ProviderOf(job), cancellationToken);

    public void Ended(Job job, JobOutcome outcome)
    {
        if (outcome == JobOutcome.Failed)
        {
            metrics.CollectionBuilt(ProviderOf(job), ready: false);
        }
    }

    // The planner always names it; "unknown" keeps a hand-made job from breaking its metrics.
    private static string ProviderOf(Job job) => job.Provider ?? "unknown";

    // The provider (the job's) labels the build metrics.
    public async Task ExecuteAsync(Guid collectionId, string provider, CancellationToken cancellationToken)
    {
        var service = new CollectionBuildService(contexts, embeddings.ForCollection, store, TimeProvider.System);
        var result = await service.BuildAsync(collectionId, new Publisher(notifier, _log), cancellationToken);
        if (!result.WasAlreadyReady)
        {
            metrics.CollectionBuilt(provider, ready: true);
            metrics.ChunksEmbedded(provider, result.ChunksEmbedded);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection {CollectionId}: {Progress}")]
    private static partial void LogProgress(ILogger logger, Guid collectionId, string? progress);

    /// <summary>Each build step goes to watchers and to the log (builders report every few seconds).</summary>
    private sealed class Publisher(StatusNotifier notifier, ILogger log) : IProgress<CollectionProgress>
    {
        public void Report(CollectionProgress value)
        {
            LogProgress(log, value.CollectionId, value.Message);
            notifier.Publish(new StatusUpdate(
                "collection", value.CollectionId, value.Status.ToString().ToLowerInvariant(), value.Done, value.Total, value.RatePerSecond, value.EtaSeconds, value.Message));
        }
    }
}
