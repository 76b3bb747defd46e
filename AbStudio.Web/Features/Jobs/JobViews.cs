using System.Text.Json;
using AbStudio.Domain.Jobs;

namespace AbStudio.Web.Features.Jobs;

/// <summary>A job in a list: what it works on and where it stands.</summary>
public sealed record JobSummary(
    Guid Id, string Type, Guid? SubjectId, JobStatus Status, int Attempts, int MaxAttempts, bool CancelRequested,
    DateTime CreatedAt, DateTime? StartedAt, DateTime? CompletedAt, DateTime NextAttemptAt, string? LastError);

/// <summary>A job with its payload (as a JSON object), lease and every attempt so far.</summary>
public sealed record JobDetail(
    Guid Id,
    string Type,
    JsonElement Payload,
    Guid? SubjectId,
    string? Provider,
    JobStatus Status,
    int Attempts,
    int MaxAttempts,
    bool CancelRequested,
    DateTime NextAttemptAt,
    string? LeaseOwner,
    DateTime? LeaseExpiresAt,
    string? LastError,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? CompletedAt,
    IReadOnlyList<JobAttemptView> History);

/// <summary>One attempt: when and where it ran and how it ended.</summary>
public sealed record JobAttemptView(int Number, string Worker, DateTime StartedAt, DateTime? EndedAt, JobStatus Outcome, string? Error);
