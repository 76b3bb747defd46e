using AbStudio.Domain.Runs.Execution;
using AbStudio.Web.Realtime;

namespace AbStudio.Web.Features.Runs;

/// <summary>
/// The work of an <c>ExecuteRun</c> job: runs every query of every arm, storing results in batches,
/// and tells watchers (pages, the status hub — per run and per test) how it goes. Resumable: taken
/// up again after a crash, it continues after the results already stored.
/// </summary>
public sealed partial class ExecuteRunJob(RunExecutor executor, StatusNotifier notifier, ILogger<ExecuteRunJob> log)
{
    public Task ExecuteAsync(Guid runId, CancellationToken cancellationToken) =>
        executor.ExecuteAsync(runId, new Publisher(notifier, log), cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Progress}")]
    private static partial void LogProgress(ILogger logger, Guid runId, string progress);

    /// <summary>Each step goes to the log and to watchers of the run and of its test.</summary>
    private sealed class Publisher(StatusNotifier notifier, ILogger log) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            LogProgress(log, value.RunId, value.Message);
            var status = value.Status.ToString().ToLowerInvariant();
            notifier.Publish(new StatusUpdate("run", value.RunId, status, value.Done, value.Total, value.RatePerSecond, value.EtaSeconds, value.Message));
            notifier.Publish(new StatusUpdate("test", value.TestId, status, value.Done, value.Total, value.RatePerSecond, value.EtaSeconds, value.Message));
        }
    }
}
