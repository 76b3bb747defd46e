using Prometheus;

namespace AbStudio.Web.Observability;

/// <summary>How a job attempt ended, as <c>abstudio_jobs_total</c> counts it.</summary>
public enum JobOutcome
{
    Succeeded,
    /// <summary>Failed, with attempts left: back in the queue after the backoff.</summary>
    Retried,
    /// <summary>Failed for good (attempts used up).</summary>
    Failed,
    Cancelled,
    /// <summary>Stopped without a report: the lease was lost or the host is stopping; the job resumes elsewhere.</summary>
    Abandoned,
}

/// <summary>
/// The host's <c>abstudio_*</c> metrics, recorded through this one injectable class instead of
/// prometheus-net statics. Each instance has its own registry (served at <c>/metrics</c>), so two
/// hosts in one process, as in the tests, never share counts. Labels are bounded: job types,
/// providers and fixed outcome words only, never ids.
/// </summary>
public sealed class AbStudioMetrics
{
    private static readonly double[] DurationBuckets = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];

    private readonly Counter _collectionBuilds;
    private readonly Counter _collectionsDeleted;
    private readonly Counter _embeddedChunks;
    private readonly Counter _jobs;
    private readonly Histogram _jobDuration;
    private readonly Gauge _jobsRunning;
    private readonly Gauge _queueDepth;
    private readonly Counter _runs;
    private readonly Counter _queries;

    public AbStudioMetrics()
    {
        // process_* and dotnet_* as the default registry has them.
        DotNetStats.Register(Registry);
        var metrics = Metrics.WithCustomRegistry(Registry);
        _collectionBuilds = metrics.CreateCounter("abstudio_collection_builds_total", "Collection builds that ended, by outcome (ready, failed); a ready collection asked to build again is not counted.", "provider", "outcome");
        _collectionsDeleted = metrics.CreateCounter("abstudio_collections_deleted_total", "Collections deleted by cleanup on this host, by reason (on_complete, ttl).", "reason");
        _embeddedChunks = metrics.CreateCounter("abstudio_embedding_chunks_total", "Chunks embedded and stored by build attempts that finished.", "provider");
        _jobs = metrics.CreateCounter("abstudio_jobs_total", "Job attempts that ended on this host, by outcome (succeeded, retried, failed, cancelled, abandoned).", "type", "outcome");
        _jobDuration = metrics.CreateHistogram("abstudio_job_duration_seconds", "How long job attempts ran on this host, whatever their outcome.", new HistogramConfiguration { LabelNames = ["type"], Buckets = DurationBuckets });
        _jobsRunning = metrics.CreateGauge("abstudio_jobs_running", "Jobs running on this host now.", "type");
        _runs = metrics.CreateCounter("abstudio_runs_total", "Runs that ended on this host, by outcome (completed, failed).", "outcome");
        _queries = metrics.CreateCounter("abstudio_queries_total", "Query results stored by runs on this host (one per query and arm).");
        _queueDepth = metrics.CreateGauge("abstudio_queue_depth", "Jobs in the shared queue (all hosts) that are pending or running, read from the jobs table at scrape time.", "type", "status");
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public void CollectionBuilt(string provider, bool ready) => _collectionBuilds.WithLabels(provider, ready ? "ready" : "failed").Inc();

    public void CollectionDeleted(string reason) => _collectionsDeleted.WithLabels(reason).Inc();

    public void ChunksEmbedded(string provider, long chunks) => _embeddedChunks.WithLabels(provider).Inc(chunks);

    /// <summary>Counts a job as running until the returned handle is disposed.</summary>
    public IDisposable JobRunning(string type)
    {
        var running = _jobsRunning.WithLabels(type);
        running.Inc();
        return new Decrement(running);
    }

    public void JobEnded(string type, JobOutcome outcome, TimeSpan duration)
    {
        _jobs.WithLabels(type, outcome.ToString().ToLowerInvariant()).Inc();
        _jobDuration.WithLabels(type).Observe(duration.TotalSeconds);
    }

    public void RunEnded(bool completed) => _runs.WithLabels(completed ? "completed" : "failed").Inc();

    public void QueriesStored(long results) => _queries.Inc(results);

    public void QueueDepth(string type, string status, long jobs) => _queueDepth.WithLabels(type, status).Set(jobs);

    private sealed class Decrement(Gauge.Child gauge) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                gauge.Dec();
            }
        }
    }
}
