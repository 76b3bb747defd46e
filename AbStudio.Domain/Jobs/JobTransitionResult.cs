namespace AbStudio.Domain.Jobs;

/// <summary>How a requested state change ended. Nothing is ever changed unless the result is <see cref="Applied"/>.</summary>
public enum JobTransitionResult
{
    Applied,
    NotFound,

    /// <summary>
    /// A worker reported on a job it no longer holds: the reaper took the lease back (and perhaps
    /// another worker claimed it), or the job was cancelled. The worker must stop and report nothing more.
    /// </summary>
    LeaseLost,

    /// <summary>The job's status does not allow the change (e.g. retrying a job that succeeded).</summary>
    NotAllowed,
}

/// <summary>What a worker learns when it renews its lease.</summary>
public enum HeartbeatResult
{
    /// <summary>The lease is extended; carry on.</summary>
    Extended,

    /// <summary>The lease is extended, but a user asked to cancel: stop and call <see cref="JobQueue.ConfirmCancelledAsync"/>.</summary>
    CancelRequested,

    /// <summary>The worker no longer holds the job: stop at once, without reporting an outcome.</summary>
    LeaseLost,
}
