using System.Collections.Concurrent;
using System.Diagnostics;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs.Planning;
using AbStudio.Web.Observability;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Web.Jobs;

/// <summary>How many jobs this host runs at once, and how long a lease lasts.</summary>
public sealed record JobDispatcherOptions
{
    public const string Section = "Jobs";

    public int MaxConcurrentJobs { get; init; } = 2;

    /// <summary>Per job type; a type not listed may use all of <see cref="MaxConcurrentJobs"/>.</summary>
    public Dictionary<string, int> MaxPerType { get; init; } = [];

    /// <summary>Per embedding provider (a remote API's rate limits); unlisted providers are unlimited.</summary>
    public Dictionary<string, int> MaxPerProvider { get; init; } = [];

    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
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
    JobHandlers handlers,
    RunScheduler runs,
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
            await runs.PromoteWaitingRunsAsync(lifetime.ApplicationStopping);
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
        var types = handlers.Types.Where(t => jobs.Count(j => j.Type == t) < options.MaxPerType.GetValueOrDefault(t, int.MaxValue)).ToList();
        var fullProviders = options.MaxPerProvider.Where(p => jobs.Count(j => j.Provider == p.Key) >= p.Value).Select(p => p.Key).ToList();
        return new JobClaimFilter(types, fullProviders);
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
                var result = await queue.HeartbeatAsync(job.Id, WorkerId, options.Lease, CancellationToken.None);
                cancelRequested |= result == HeartbeatResult.CancelRequested;
                leaseLost |= result == HeartbeatResult.LeaseLost;
                if (result != HeartbeatResult.Extended)
                {
                    await work.CancelAsync();
                }
            }
        });

        try
        {
            LogStarted(job.Id, job.Type, job.Attempts);
            await handlers.RunAsync(job, work.Token);
            heartbeat.Dispose();
            await queue.CompleteAsync(job.Id, WorkerId, CancellationToken.None);
            outcome = JobOutcome.Succeeded;
            LogSucceeded(job.Id, job.Type);
        }
        catch (OperationCanceledException) when (cancelRequested)
        {
            await queue.ConfirmCancelledAsync(job.Id, WorkerId, CancellationToken.None);
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
            await queue.FailAsync(job.Id, WorkerId, e.ToString(), CancellationToken.None);
            outcome = await StatusAfterFailureAsync(job.Id) switch
            {
                JobStatus.Failed => JobOutcome.Failed,
                JobStatus.Cancelled => JobOutcome.Cancelled,
                _ => JobOutcome.Retried,
            };
            if (outcome == JobOutcome.Failed)
            {
                await handlers.FailedAsync(job, e.Message, CancellationToken.None);
            }

            LogFailed(e, job.Id, job.Type, job.Attempts);
        }
        finally
        {
            heartbeat.Dispose();
            await beating;
            metrics.JobEnded(job.Type, outcome, Stopwatch.GetElapsedTime(started));
            _running.TryRemove(job.Id, out _);
            _ = DispatchAsync();
        }
    }

    public void Dispose() => _dispatching.Dispose();

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
