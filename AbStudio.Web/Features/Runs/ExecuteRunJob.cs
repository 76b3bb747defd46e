using AbStudio.Domain.Jobs;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Runs.Execution;
using AbStudio.Web.Features.Collections;
using AbStudio.Web.Jobs;
using AbStudio.Web.Observability;
using AbStudio.Web.Realtime;

namespace AbStudio.Web.Features.Runs;

/// <summary>
/// The work of an <c>ExecuteRun</c> job: runs every query of every arm, storing results in batches,
/// and tells watchers (pages, the status hub — per run and per test) how it goes. Resumable: taken
/// up again after a crash, it continues after the results already stored.
/// </summary>
public sealed partial class ExecuteRunJob(RunExecutor executor, StatusNotifier notifier, AbStudioMetrics metrics, CollectionCleanup cleanup, ILogger<ExecuteRunJob> log)
    : IJobType
{
    public string Type => TestLifecycle.ExecuteRunJobType;

    public Task RunAsync(Job job, CancellationToken cancellationToken) => ExecuteAsync(IJobType.SubjectOf(job, "run"), cancellationToken);

    public void Ended(Job job, JobOutcome outcome)
    {
        if (outcome == JobOutcome.Failed)
        {
            metrics.RunEnded(completed: false);
        }
    }

    public async Task ExecuteAsync(Guid runId, CancellationToken cancellationToken)
    {
        var publisher = new Publisher(notifier, metrics, log);
        await executor.ExecuteAsync(runId, publisher, cancellationToken);
        if (publisher.Completed)
        {
            metrics.RunEnded(completed: true);
            await CleanUpAsync(runId, cancellationToken);
        }
    }

    /// <summary>The test's cleanup policy; the run is complete already, so a failure here is logged, not retried.</summary>
    private async Task CleanUpAsync(Guid runId, CancellationToken cancellationToken)
    {
        try
        {
            await cleanup.RunCompletedAsync(runId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCleanupFailed(log, e, runId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: its test's collection cleanup failed; the TTL sweeper or a manual delete can finish it")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception, Guid runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Progress}")]
    private static partial void LogProgress(ILogger logger, Guid runId, string progress);

    /// <summary>Each step goes to the log and to watchers of the run and of its test.</summary>
    private sealed class Publisher(StatusNotifier notifier, AbStudioMetrics metrics, ILogger log) : IProgress<RunProgress>
    {
        private long? _lastDone;

        public bool Completed { get; private set; }

        public void Report(RunProgress value)
        {
            // Counts what this attempt stored (its first report says where it started).
            if (_lastDone is { } last && value.Done > last)
            {
                metrics.QueriesStored(value.Done - last);
            }

            _lastDone = value.Done;
            Completed |= value.Status == Domain.Runs.RunStatus.Completed;
            LogProgress(log, value.RunId, value.Message);
            var status = value.Status.ToString().ToLowerInvariant();
            notifier.Publish(new StatusUpdate("run", value.RunId, status, value.Done, value.Total, value.RatePerSecond, value.EtaSeconds, value.Message));
            notifier.Publish(new StatusUpdate("test", value.TestId, status, value.Done, value.Total, value.RatePerSecond, value.EtaSeconds, value.Message));
        }
    }
}
