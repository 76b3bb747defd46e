using Microsoft.Extensions.Logging;

namespace AbStudio.Domain.Jobs;

/// <summary>One structured event per queue transition, so a job's life can be followed by its id.</summary>
internal static partial class JobQueueLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({JobType}) queued, due {DueAt:O}")]
    public static partial void Queued(ILogger logger, Guid jobId, string jobType, DateTime dueAt);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Job {JobId} ({JobType}) claimed by {Worker}: attempt {Attempt} of {MaxAttempts}, lease until {LeaseExpiresAt:O}")]
    public static partial void Claimed(ILogger logger, Guid jobId, string jobType, string worker, int attempt, int maxAttempts, DateTime? leaseExpiresAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Claim by {Worker} met another writer (try {Try}), trying again: {Reason}")]
    public static partial void ClaimContended(ILogger logger, string worker, int @try, string reason);

    [LoggerMessage(Message = "Job {JobId} ({JobType}) attempt {Attempt} ended {Outcome}; the job is now {Status} (next attempt {NextAttemptAt:O}). {Error}")]
    public static partial void AttemptEnded(
        ILogger logger, LogLevel level, Guid jobId, string jobType, int attempt, JobStatus outcome, JobStatus status, DateTime nextAttemptAt, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: worker {Worker} no longer holds its lease ({Result})")]
    public static partial void LeaseLost(ILogger logger, Guid jobId, string worker, JobTransitionResult result);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId}: cancel requested; the running worker stops at its next heartbeat")]
    public static partial void CancelRequested(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} cancelled before it ran again")]
    public static partial void Cancelled(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} queued again by a user, with a fresh budget of attempts")]
    public static partial void Retried(ILogger logger, Guid jobId);
}
