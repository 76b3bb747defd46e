namespace AbStudio.Domain.Jobs;

/// <summary>
/// A row of the durable queue. The table is the truth; the in-host engine only claims due rows
/// with a lease and reports back, so a killed host's work resumes elsewhere.
/// </summary>
public sealed class Job
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The kind of work, e.g. "BuildCollection" or "ExecuteRun".</summary>
    public required string Type { get; set; }
    public required string PayloadJson { get; set; }

    /// <summary>What the job works on (a collection or run id), so it can be found from that side.</summary>
    public Guid? SubjectId { get; set; }

    /// <summary>The embedding provider it calls, for per-provider concurrency limits (null: none).</summary>
    public string? Provider { get; set; }

    public JobStatus Status { get; set; } = JobStatus.Pending;
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; } = 5;
    public DateTime NextAttemptAt { get; set; } = DateTime.UtcNow;

    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }

    public string? LastError { get; set; }
    public bool CancelRequested { get; set; }

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }

    /// <summary>Optimistic concurrency: bumped on every save (two workers can meet on one row).</summary>
    public long Version { get; set; }

    public List<JobAttempt> History { get; } = [];
}

public enum JobStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>The groups of job statuses every query, guard and page uses: defined here once.</summary>
public static class JobStatuses
{
    public static readonly JobStatus[] Active = [JobStatus.Pending, JobStatus.Running];

    public static readonly JobStatus[] Finished = [JobStatus.Succeeded, JobStatus.Failed, JobStatus.Cancelled];

    public static bool IsActive(this JobStatus status) => Array.IndexOf(Active, status) >= 0;

    public static bool IsFinished(this JobStatus status) => Array.IndexOf(Finished, status) >= 0;
}
