namespace AbStudio.Domain.Jobs;

/// <summary>One attempt at a job: when it ran, on which worker, and how it ended.</summary>
public sealed class JobAttempt
{
    public long Id { get; set; }
    public Guid JobId { get; set; }
    public int Number { get; set; }
    public required string Worker { get; set; }
    public DateTime StartedAt { get; set; } = DateTime.UtcNow;
    public DateTime? EndedAt { get; set; }
    public JobStatus Outcome { get; set; } = JobStatus.Running;
    public string? Error { get; set; }

    public Job? Job { get; set; }
}
