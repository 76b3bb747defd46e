using System.Diagnostics.CodeAnalysis;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Logging;

namespace AbStudio.Domain.Jobs;

/// <summary>
/// The durable queue over the <c>jobs</c> table: enqueue, claim with a lease, heartbeat, report the
/// outcome, retry with exponential backoff, cancel, and reap the leases of workers that died.
/// Every change is one guarded UPDATE that names the state it leaves, so a change that is not
/// allowed (any more) changes nothing and says so in its <see cref="JobTransitionResult"/>.
/// </summary>
/// <remarks>
/// <see cref="Job.Attempts"/> counts attempts started in the current budget: the claim increments
/// it, so a job that kills its host still uses up attempts, and a failure does not increment it
/// again. Time comes from the injected <see cref="TimeProvider"/>, never the database's clock.
/// </remarks>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "It is the durable job queue: the architecture and its users call it that.")]
public sealed class JobQueue
{
    // A claim that met another writer after the driver's own busy wait is tried again, a few times.
    private const int ClaimTries = 5;

    // Expired leases handled per reaper pass; the next pass takes the rest.
    private const int ReapBatch = 100;

    private const string TruncatedMarker = "… [truncated]";

    private readonly IDbContextFactory<AbStudioDbContext> _contexts;
    private readonly JobRetryPolicy _retry;
    private readonly TimeProvider _time;
    private readonly ILogger<JobQueue> _log;
    private readonly Random _jitter;
    private readonly Lock _jitterLock = new();

    /// <summary>
    /// <paramref name="jitter"/> is the random source of the retry jitter (default <see cref="Random.Shared"/>);
    /// tests fix it so the schedule is exact.
    /// </summary>
    public JobQueue(
        IDbContextFactory<AbStudioDbContext> contexts, JobRetryPolicy retry, TimeProvider time, ILogger<JobQueue> log, Random? jitter = null)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.Validate();
        _contexts = contexts;
        _retry = retry;
        _time = time;
        _log = log;
        _jitter = jitter ?? Random.Shared;
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    public async Task<Job> EnqueueAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var job = Enqueue(db, request);
        await db.SaveChangesAsync(cancellationToken);
        return job;
    }

    /// <summary>
    /// Adds the job to the caller's context, so the caller's SaveChanges writes it in the same
    /// transaction as the change that needs it. Nudge the dispatcher once that has committed.
    /// </summary>
    public Job Enqueue(AbStudioDbContext db, JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Type, nameof(request));
        var maxAttempts = request.MaxAttempts ?? _retry.MaxAttempts;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1, nameof(request));

        var now = Now;
        var notBefore = request.NotBefore is { } at ? (at.Kind == DateTimeKind.Utc ? at : at.ToUniversalTime()) : now;
        var job = new Job
        {
            Type = request.Type,
            PayloadJson = request.PayloadJson,
            SubjectId = request.SubjectId,
            Provider = request.Provider,
            MaxAttempts = maxAttempts,
            CreatedAt = now,
            NextAttemptAt = notBefore > now ? notBefore : now,
        };
        db.Jobs.Add(job);
        JobQueueLog.Queued(_log, job.Id, job.Type, job.NextAttemptAt);
        return job;
    }

    /// <summary>
    /// Claims the oldest due pending job for <paramref name="workerId"/> and starts its next attempt,
    /// or returns null when none is due. Expired leases are not claimed here: the reaper returns
    /// them to pending first, recording the lost attempt (see <see cref="ReapExpiredLeasesAsync"/>).
    /// <paramref name="workerId"/> must be unique per process (host, process id, a random part): a
    /// restarted host must not inherit its predecessor's leases.
    /// </summary>
    public async Task<Job?> ClaimNextAsync(
        string workerId, TimeSpan leaseDuration, JobClaimFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        filter ??= JobClaimFilter.Any;
        if (filter.Types is { Count: 0 })
        {
            return null;
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            CheckWorker(db, workerId);
            var dialect = ClaimDialect.For(db.Database);
            try
            {
                return await ClaimOnceAsync(db, dialect, workerId, leaseDuration, filter, cancellationToken);
            }
            catch (Exception e) when (attempt < ClaimTries && dialect.IsWriteContention(e))
            {
                JobQueueLog.ClaimContended(_log, workerId, attempt, e.Message);
            }
        }
    }

    private async Task<Job?> ClaimOnceAsync(
        AbStudioDbContext db, ClaimDialect dialect, string workerId, TimeSpan leaseDuration, JobClaimFilter filter, CancellationToken cancellationToken)
    {
        var now = Now;
        var (sql, parameters) = JobClaimStatement.Build(db, dialect, workerId, now, now + leaseDuration, filter);

        // The claim and its attempt row commit together. On SQLite, BeginTransaction is BEGIN
        // IMMEDIATE: the write lock is taken (or waited for) before the claim reads anything.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Jobs.FromSqlRaw(sql, parameters).AsNoTracking().ToListAsync(cancellationToken);
        if (claimed is not [var job])
        {
            return null;
        }

        // Numbered over the job's whole history: a user's retry resets Attempts but not the history.
        var previous = await db.JobAttempts.Where(a => a.JobId == job.Id).MaxAsync(a => (int?)a.Number, cancellationToken) ?? 0;
        db.JobAttempts.Add(new JobAttempt { JobId = job.Id, Number = previous + 1, Worker = workerId, StartedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        JobQueueLog.Claimed(_log, job.Id, job.Type, workerId, job.Attempts, job.MaxAttempts, job.LeaseExpiresAt);
        return job;
    }

    /// <summary>
    /// Extends the lease while <paramref name="workerId"/> still holds it. A lease is lost when the
    /// reaper takes it back, not the instant it expires: a worker that was briefly stalled and
    /// renews before the reaper passes keeps its job.
    /// </summary>
    public async Task<HeartbeatResult> HeartbeatAsync(
        Guid jobId, string workerId, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        CheckWorker(db, workerId);

        DateTime? expires = Now + leaseDuration;
        var extended = await HeldBy(db, jobId, workerId).ExecuteUpdateAsync(
            s =>
            {
                s.SetProperty(j => j.LeaseExpiresAt, expires);
                BumpVersion(s);
            },
            cancellationToken);
        if (extended == 0)
        {
            JobQueueLog.LeaseLost(_log, jobId, workerId, await ExplainAsync(db, jobId, JobTransitionResult.LeaseLost, cancellationToken));
            return HeartbeatResult.LeaseLost;
        }

        return await db.Jobs.AnyAsync(j => j.Id == jobId && j.CancelRequested, cancellationToken)
            ? HeartbeatResult.CancelRequested
            : HeartbeatResult.Extended;
    }

    /// <summary>Whether a user asked the job to stop: a read of one row, cheap enough for its worker to look every second.</summary>
    public async Task<bool> IsCancelRequestedAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AnyAsync(j => j.Id == jobId && j.CancelRequested, cancellationToken);
    }

    /// <summary>The holder reports success: the job is done and its lease released.</summary>
    public Task<JobTransitionResult> CompleteAsync(Guid jobId, string workerId, CancellationToken cancellationToken = default) =>
        EndAttemptAsync(jobId, workerId, (job, _) => new AttemptEnd(JobStatus.Succeeded, JobStatus.Succeeded, job.NextAttemptAt, job.LastError), cancellationToken);

    /// <summary>
    /// The holder reports a failure: the job waits its backoff and goes back to pending, or is
    /// <see cref="JobStatus.Failed"/> once its attempts are used up (or cancelled, if a user asked).
    /// <paramref name="error"/> is what users see (one line: the job's last error); <paramref name="detail"/>,
    /// kept in the attempt's history for operators, is the full text (an exception's ToString()). Both are cut to their columns.
    /// </summary>
    public Task<JobTransitionResult> FailAsync(Guid jobId, string workerId, string error, string detail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(detail);
        return EndAttemptAsync(jobId, workerId, (job, now) => Unsuccessful(job, error, now, detail), cancellationToken);
    }

    /// <summary>As above, with one text for users and the history alike.</summary>
    public Task<JobTransitionResult> FailAsync(Guid jobId, string workerId, string error, CancellationToken cancellationToken = default) =>
        FailAsync(jobId, workerId, error, error, cancellationToken);

    /// <summary>The holder stopped because a user cancelled (it saw <see cref="HeartbeatResult.CancelRequested"/>).</summary>
    public Task<JobTransitionResult> ConfirmCancelledAsync(Guid jobId, string workerId, CancellationToken cancellationToken = default) =>
        EndAttemptAsync(
            jobId,
            workerId,
            (job, _) => job.CancelRequested ? new AttemptEnd(JobStatus.Cancelled, JobStatus.Cancelled, job.NextAttemptAt, job.LastError) : null,
            cancellationToken);

    /// <summary>
    /// A user cancels: a pending job is cancelled at once; a running one is flagged, and its worker
    /// stops when its next heartbeat says <see cref="HeartbeatResult.CancelRequested"/>.
    /// </summary>
    public async Task<JobTransitionResult> CancelAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await CancelAsync(db, jobId, cancellationToken);
    }

    /// <summary>As <see cref="CancelAsync(Guid, CancellationToken)"/>, in the caller's context and transaction (the lifecycle's).</summary>
    public async Task<JobTransitionResult> CancelAsync(AbStudioDbContext db, Guid jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        while (true)
        {
            DateTime? now = Now;
            var cancelled = await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Pending).ExecuteUpdateAsync(
                s =>
                {
                    s.SetProperty(j => j.Status, JobStatus.Cancelled);
                    s.SetProperty(j => j.CompletedAt, now);
                    BumpVersion(s);
                },
                cancellationToken);
            if (cancelled == 1)
            {
                JobQueueLog.Cancelled(_log, jobId);
                return JobTransitionResult.Applied;
            }

            var flagged = await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Running).ExecuteUpdateAsync(
                s =>
                {
                    s.SetProperty(j => j.CancelRequested, true);
                    BumpVersion(s);
                },
                cancellationToken);
            if (flagged == 1)
            {
                JobQueueLog.CancelRequested(_log, jobId);
                return JobTransitionResult.Applied;
            }

            var status = await db.Jobs.Where(j => j.Id == jobId).Select(j => (JobStatus?)j.Status).SingleOrDefaultAsync(cancellationToken);
            if (status is not { } current || !current.IsActive())
            {
                return status is null ? JobTransitionResult.NotFound : JobTransitionResult.NotAllowed;
            }

            // It was claimed, or failed back to pending, between the two updates: look again.
        }
    }

    /// <summary>
    /// A user queues a failed or cancelled job again. Its attempts start from zero (a fresh budget:
    /// the user has presumably fixed the cause); the history and the last error are kept.
    /// </summary>
    public async Task<JobTransitionResult> RetryAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await RetryAsync(db, jobId, cancellationToken);
    }

    /// <summary>As <see cref="RetryAsync(Guid, CancellationToken)"/>, in the caller's context and transaction (the lifecycle's).</summary>
    public async Task<JobTransitionResult> RetryAsync(AbStudioDbContext db, Guid jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = Now;
        var retryable = Transitions.Job.From(JobEvent.Retry);
        var retried = await db.Jobs.Where(j => j.Id == jobId && retryable.Contains(j.Status))
            .ExecuteUpdateAsync(
                s =>
                {
                    s.SetProperty(j => j.Status, JobStatus.Pending);
                    s.SetProperty(j => j.Attempts, 0);
                    s.SetProperty(j => j.NextAttemptAt, now);
                    s.SetProperty(j => j.CancelRequested, false);
                    s.SetProperty(j => j.CompletedAt, (DateTime?)null);
                    BumpVersion(s);
                },
                cancellationToken);
        if (retried == 0)
        {
            return await ExplainAsync(db, jobId, JobTransitionResult.NotAllowed, cancellationToken);
        }

        JobQueueLog.Retried(_log, jobId);
        return JobTransitionResult.Applied;
    }

    /// <summary>
    /// Ends the attempts of running jobs whose lease expired (their worker died or hung) as failures
    /// with the error "Lease expired", so they go back to pending after the usual backoff, keeping
    /// their attempt count: a job that kills every host it runs on ends <see cref="JobStatus.Failed"/>
    /// instead of cycling forever. Returns how many it took back.
    /// </summary>
    public async Task<int> ReapExpiredLeasesAsync(CancellationToken cancellationToken = default) =>
        (await ReapAsync(cancellationToken)).Count;

    /// <summary>
    /// As <see cref="ReapExpiredLeasesAsync"/>, returning each job taken back with the status it
    /// ended in: the ones that ended for good (failed, cancelled) still have a subject to move
    /// (see TestLifecycle.ReapExpiredLeasesAsync).
    /// </summary>
    public async Task<IReadOnlyList<(Job Job, JobStatus Status)>> ReapAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var now = Now;
        var expired = await db.Jobs.AsNoTracking()
            .Where(j => j.Status == JobStatus.Running && j.LeaseExpiresAt <= now)
            .OrderBy(j => j.LeaseExpiresAt).Take(ReapBatch).ToListAsync(cancellationToken);

        var reaped = new List<(Job, JobStatus)>();
        foreach (var job in expired)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // Any change since the read (a heartbeat, an outcome, another reaper) bumped the version: leave it.
            var guard = db.Jobs.Where(j => j.Id == job.Id && j.Version == job.Version);
            var error = $"Lease expired: worker '{job.LeaseOwner}' stopped renewing it (expired {job.LeaseExpiresAt:O}).";
            var end = Unsuccessful(job, error, now);
            if (await ApplyEndAsync(db, guard, job, end, now, cancellationToken))
            {
                await transaction.CommitAsync(cancellationToken);
                reaped.Add((job, end.Status));
            }
        }

        return reaped;
    }

    // The one definition of "this worker holds the job's lease".
    private static IQueryable<Job> HeldBy(AbStudioDbContext db, Guid jobId, string workerId) =>
        db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Running && j.LeaseOwner == workerId);

    // Every UPDATE outside SaveChanges bumps the concurrency token too, so a tracked copy of the job
    // loaded before it cannot be saved over it.
    private static void BumpVersion(UpdateSettersBuilder<Job> setters) => setters.SetProperty(j => j.Version, j => j.Version + 1);

    private static async Task<JobTransitionResult> ExplainAsync(
        AbStudioDbContext db, Guid jobId, JobTransitionResult ifItExists, CancellationToken cancellationToken) =>
        await db.Jobs.AnyAsync(j => j.Id == jobId, cancellationToken) ? ifItExists : JobTransitionResult.NotFound;

    private async Task<JobTransitionResult> EndAttemptAsync(
        Guid jobId, string workerId, Func<Job, DateTime, AttemptEnd?> decide, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        CheckWorker(db, workerId);

        // On SQLite the transaction holds the write lock from the start, so the row read is the row
        // written. On PostgreSQL the guard below rejects a row that was reaped and re-claimed meanwhile.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var job = await HeldBy(db, jobId, workerId).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var now = Now;
        if (job is null)
        {
            var lost = await ExplainAsync(db, jobId, JobTransitionResult.LeaseLost, cancellationToken);
            JobQueueLog.LeaseLost(_log, jobId, workerId, lost);
            return lost;
        }

        if (decide(job, now) is not { } end)
        {
            return JobTransitionResult.NotAllowed;
        }

        // Heartbeats from this worker may bump the version meanwhile; the attempt count only moves on a new claim.
        var guard = HeldBy(db, jobId, workerId).Where(j => j.Attempts == job.Attempts);
        if (!await ApplyEndAsync(db, guard, job, end, now, cancellationToken))
        {
            JobQueueLog.LeaseLost(_log, jobId, workerId, JobTransitionResult.LeaseLost);
            return JobTransitionResult.LeaseLost;
        }

        await transaction.CommitAsync(cancellationToken);
        return JobTransitionResult.Applied;
    }

    // After an attempt that did not succeed: cancelled if a user asked, failed when out of
    // attempts, else pending again after the backoff for the attempt that just failed.
    private AttemptEnd Unsuccessful(Job job, string error, DateTime now, string? detail = null)
    {
        detail ??= error;
        if (job.CancelRequested)
        {
            return new AttemptEnd(JobStatus.Cancelled, JobStatus.Failed, job.NextAttemptAt, error, detail);
        }

        if (job.Attempts >= job.MaxAttempts)
        {
            return new AttemptEnd(JobStatus.Failed, JobStatus.Failed, job.NextAttemptAt, error, detail);
        }

        double random;
        lock (_jitterLock)
        {
            random = _jitter.NextDouble();
        }

        return new AttemptEnd(JobStatus.Pending, JobStatus.Failed, now + _retry.DelayAfter(job.Attempts, random), error, detail);
    }

    // Writes the job's new state through the guard and closes its open attempt; false when the
    // guard matched nothing (the caller then rolls back, having changed nothing).
    private async Task<bool> ApplyEndAsync(
        AbStudioDbContext db, IQueryable<Job> guard, Job job, AttemptEnd end, DateTime now, CancellationToken cancellationToken)
    {
        DateTime? completedAt = end.Status == JobStatus.Pending ? null : now;
        var lastError = Fit<Job>(db, nameof(Job.LastError), end.LastError);
        var changed = await guard.ExecuteUpdateAsync(
            s =>
            {
                s.SetProperty(j => j.Status, end.Status);
                s.SetProperty(j => j.NextAttemptAt, end.NextAttemptAt);
                s.SetProperty(j => j.CompletedAt, completedAt);
                s.SetProperty(j => j.LastError, lastError);
                s.SetProperty(j => j.LeaseOwner, (string?)null);
                s.SetProperty(j => j.LeaseExpiresAt, (DateTime?)null);
                BumpVersion(s);
            },
            cancellationToken);
        if (changed == 0)
        {
            return false;
        }

        DateTime? endedAt = now;
        var attemptError = Fit<JobAttempt>(db, nameof(JobAttempt.Error), end.AttemptError);
        await db.JobAttempts.Where(a => a.JobId == job.Id && a.EndedAt == null).ExecuteUpdateAsync(
            s =>
            {
                s.SetProperty(a => a.Outcome, end.AttemptOutcome);
                s.SetProperty(a => a.EndedAt, endedAt);
                s.SetProperty(a => a.Error, attemptError);
            },
            cancellationToken);

        var level = end.AttemptOutcome == JobStatus.Succeeded ? LogLevel.Information : LogLevel.Warning;
        JobQueueLog.AttemptEnded(_log, level, job.Id, job.Type, job.Attempts, end.AttemptOutcome, end.Status, end.NextAttemptAt, end.AttemptError);
        return true;
    }

    // Keeps the head of an error (the message and the top of the stack) within the column's size.
    private static string? Fit<TEntity>(AbStudioDbContext db, string property, string? text)
    {
        if (text is null || MaxLength<TEntity>(db, property) is not { } limit || text.Length <= limit)
        {
            return text;
        }

        var cut = limit - TruncatedMarker.Length;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--; // never split a surrogate pair: PostgreSQL rejects the half
        }

        return string.Concat(text.AsSpan(0, cut), TruncatedMarker);
    }

    // A worker id longer than the lease owner column would fail every claim; say so up front.
    private static void CheckWorker(AbStudioDbContext db, string workerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        if (MaxLength<Job>(db, nameof(Job.LeaseOwner)) is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(workerId.Length, max, nameof(workerId));
        }
    }

    private static int? MaxLength<TEntity>(AbStudioDbContext db, string property) =>
        db.Model.FindEntityType(typeof(TEntity))?.FindProperty(property)?.GetMaxLength();

    /// <summary>How an attempt ends: the job's next state and what its history row records.</summary>
    private sealed record AttemptEnd(
        JobStatus Status, JobStatus AttemptOutcome, DateTime NextAttemptAt, string? LastError, string? AttemptError = null);
}
