using System.Collections.Concurrent;
using System.Diagnostics;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using AbStudio.Web.Observability;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Jobs;

/// <summary>How many jobs this host runs at once, and how long a lease lasts.</summary>
public sealed record JobDispatcherOptions
{
    public const string Section = "Jobs";

    [System.ComponentModel.DataAnnotations.Range(1, 64)]
    public int MaxConcurrentJobs { get; init; } = 2;

    /// <summary>Per job type; a type not listed may use all of <see cref="MaxConcurrentJobs"/>.</summary>
    public Dictionary<string, int> MaxPerType { get; init; } = [];

    /// <summary>Per embedding provider (a remote API's rate limits); unlisted providers are unlimited.</summary>
    public Dictionary<string, int> MaxPerProvider { get; init; } = [];

    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:03", "01:00:00")]
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a running job's worker looks whether a user cancelled it (a read of one row): the latency of Cancel.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CancelCheckInterval { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Claims due jobs from the durable queue and runs each on its own task under the concurrency
/// limits, renewing its lease while it runs. Coravel only calls <see cref="DispatchAsync"/> (on a
/// schedule, and when nudged after an enqueue): its queue runs a batch to completion, so the long
/// work must not run inside a Coravel invocable. The database is the truth: a host that dies leaves
/// leases that expire, and the reaper hands their jobs to whoever claims next.
/// </summary>
public sealed partial class JobDispatcher(
    JobQueue queue,
    JobTypes types,
    TestLifecycle lifecycle,
    IDbContextFactory<AbStudioDbContext> contexts,
    JobDispatcherOptions options,
    AbStudioMetrics metrics,
    IHostApplicationLifetime lifetime,
    ILogger<JobDispatcher> log) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Job> _running = new();
    private readonly SemaphoreSlim _dispatching = new(1, 1);

    /// <summary>Unique per process: a restarted host must not inherit its predecessor's leases.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public int Running => _running.Count;

    /// <summary>Claims and starts jobs until the limits are reached or nothing is due. One pass at a time.</summary>
    public async Task DispatchAsync()
    {
        if (!await _dispatching.WaitAsync(0))
        {
            return;
        }

        try
        {
            await PromoteWaitingRunsAsync();
            while (!lifetime.ApplicationStopping.IsCancellationRequested && _running.Count < options.MaxConcurrentJobs)
            {
                var job = await queue.ClaimNextAsync(WorkerId, options.Lease, Filter(), lifetime.ApplicationStopping);
                if (job is null)
                {
                    return;
                }

                _running[job.Id] = job;
                _ = Task.Run(() => RunAsync(job));
            }
        }
        finally
        {
            _dispatching.Release();
        }
    }

    /// <summary>
    /// Runs wait for their collections; a build that finished on any worker lets them go here, on
    /// the next pass (and every finished job starts a pass). A failure is logged and left to the next pass.
    /// </summary>
    private async Task PromoteWaitingRunsAsync()
    {
        try
        {
            await lifecycle.PromoteWaitingRunsAsync(lifetime.ApplicationStopping);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !lifetime.ApplicationStopping.IsCancellationRequested)
        {
            LogPromotionFailed(e);
        }
    }

    /// <summary>Only types and providers with room left: never claim what cannot start now.</summary>
    private JobClaimFilter Filter()
    {
        var jobs = _running.Values.ToList();
        var open = types.Names.Where(t => jobs.Count(j => j.Type == t) < options.MaxPerType.GetValueOrDefault(t, int.MaxValue)).ToList();
        var fullProviders = options.MaxPerProvider.Where(p => jobs.Count(j => j.Provider == p.Key) >= p.Value).Select(p => p.Key).ToList();
        return new JobClaimFilter(open, fullProviders);
    }

    private async Task RunAsync(Job job)
    {
        using var work = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        var cancelRequested = false;
        var leaseLost = false;
        var outcome = JobOutcome.Abandoned;
        var started = Stopwatch.GetTimestamp();
        using var running = metrics.JobRunning(job.Type);
        using var heartbeat = new PeriodicTimer(options.Lease / 3);
        var beating = Task.Run(async () =>
        {
            while (await heartbeat.WaitForNextTickAsync(CancellationToken.None) && !work.IsCancellationRequested)
            {
                var result = await HeartbeatAsync(job.Id);
                cancelRequested |= result == HeartbeatResult.CancelRequested;
                leaseLost |= result == HeartbeatResult.LeaseLost;
                if (result != HeartbeatResult.Extended)
                {
                    await work.CancelAsync();
                }
            }
        });

        // The heartbeat comes every third of a lease; a user's Cancel should not wait that long.
        using var cancelCheck = new PeriodicTimer(options.CancelCheckInterval);
        var watching = Task.Run(async () =>
        {
            while (await cancelCheck.WaitForNextTickAsync(CancellationToken.None) && !work.IsCancellationRequested)
            {
                if (await IsCancelRequestedAsync(job.Id))
                {
                    cancelRequested = true;
                    await work.CancelAsync();
                }
            }
        });

        try
        {
            LogStarted(job.Id, job.Type, job.Attempts);
            await types.Get(job.Type).RunAsync(job, work.Token);
            heartbeat.Dispose();
            await queue.CompleteAsync(job.Id, WorkerId, CancellationToken.None);
            outcome = JobOutcome.Succeeded;
            LogSucceeded(job.Id, job.Type);
        }
        catch (OperationCanceledException) when (cancelRequested)
        {
            if (await queue.ConfirmCancelledAsync(job.Id, WorkerId, CancellationToken.None) == JobTransitionResult.Applied)
            {
                await EndedAsync(job, JobOutcome.Cancelled, null);
            }

            outcome = JobOutcome.Cancelled;
            LogCancelled(job.Id, job.Type);
        }
        catch (OperationCanceledException) when (leaseLost || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Lost lease: someone else owns it now. Shutting down: the lease expires and the reaper
            // returns the job, which resumes from its last checkpoint. Report nothing either way.
            LogAbandoned(job.Id, job.Type, leaseLost ? "lease lost" : "host stopping");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Users see one line; the attempt's history keeps the whole exception for operators.
            var error = OneLine(e);
            await queue.FailAsync(job.Id, WorkerId, error, e.ToString(), CancellationToken.None);
            outcome = await StatusAfterFailureAsync(job.Id) switch
            {
                JobStatus.Failed => JobOutcome.Failed,
                JobStatus.Cancelled => JobOutcome.Cancelled,
                _ => JobOutcome.Retried,
            };
            if (outcome is JobOutcome.Failed or JobOutcome.Cancelled)
            {
                await EndedAsync(job, outcome, error);
            }

            LogFailed(e, job.Id, job.Type, job.Attempts);
        }
        finally
        {
            heartbeat.Dispose();
            cancelCheck.Dispose();
            await beating;
            await watching;
            metrics.JobEnded(job.Type, outcome, Stopwatch.GetElapsedTime(started));
            _running.TryRemove(job.Id, out _);
            _ = DispatchAsync();
        }
    }

    public void Dispose() => _dispatching.Dispose();

    /// <summary>
    /// The job ended for good: the lifecycle moves its subject (collection, run), then its type does
    /// what only the host knows. A failure here is logged: the job's own end is recorded already.
    /// </summary>
    private async Task EndedAsync(Job job, JobOutcome outcome, string? error)
    {
        try
        {
            await lifecycle.JobEndedAsync(job, outcome == JobOutcome.Cancelled ? JobStatus.Cancelled : JobStatus.Failed, error, CancellationToken.None);
            types.Get(job.Type).Ended(job, outcome);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogEndFailed(e, job.Id, job.Type);
        }
    }

    // A database blip must not stop the heartbeat: the lease would lapse under a job still running.
    private async Task<HeartbeatResult> HeartbeatAsync(Guid jobId)
    {
        try
        {
            return await queue.HeartbeatAsync(jobId, WorkerId, options.Lease, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogHeartbeatFailed(e, jobId);
            return HeartbeatResult.Extended;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} ({JobType}) ended, but moving its subject failed; the next start or retry sees it")]
    private partial void LogEndFailed(Exception exception, Guid jobId, string jobType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease of job {JobId}; trying again at the next beat")]
    private partial void LogHeartbeatFailed(Exception exception, Guid jobId);

    private async Task<bool> IsCancelRequestedAsync(Guid jobId)
    {
        try
        {
            return await queue.IsCancelRequestedAsync(jobId, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A missed look is made up for a second later (and by the heartbeat).
            LogCancelCheckFailed(e, jobId);
            return false;
        }
    }

    // The message of the exception (and of the inner ones that say more), on one line, for the job's Last error.
    private static string OneLine(Exception e)
    {
        var text = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!text.Contains(inner.Message, StringComparison.Ordinal))
            {
                text = $"{text} ({inner.Message})";
            }
        }

        return string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not look whether job {JobId} was cancelled; looking again shortly")]
    private partial void LogCancelCheckFailed(Exception exception, Guid jobId);

    /// <summary>A failure leaves the job pending (retry), failed for good, or cancelled if a user asked meanwhile.</summary>
    private async Task<JobStatus> StatusAfterFailureAsync(Guid jobId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Jobs.Where(j => j.Id == jobId).Select(j => j.Status).SingleAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look for runs whose collections are ready; trying again on the next pass")]
    private partial void LogPromotionFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({JobType}) started, attempt {Attempt}")]
    private partial void LogStarted(Guid jobId, string jobType, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({JobType}) succeeded")]
    private partial void LogSucceeded(Guid jobId, string jobType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({JobType}) cancelled by a user")]
    private partial void LogCancelled(Guid jobId, string jobType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({JobType}) abandoned: {Reason}")]
    private partial void LogAbandoned(Guid jobId, string jobType, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({JobType}) failed on attempt {Attempt}")]
    private partial void LogFailed(Exception exception, Guid jobId, string jobType, int attempt);
}
