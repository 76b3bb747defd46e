namespace AbStudio.Domain.Runs;

/// <summary>One execution of a test's queries against every arm, with its stored results.</summary>
public sealed class Run
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TestId { get; set; }
    public RunStatus Status { get; set; } = RunStatus.Pending;

    /// <summary>Queries × arms: one stored result each.</summary>
    public int QueriesTotal { get; set; }
    public int QueriesDone { get; set; }

    /// <summary>Seed of the randomization test and bootstrap, stored so results can be reproduced.</summary>
    public long StatisticsSeed { get; set; }

    /// <summary>Per-arm aggregates and pairwise statistics, computed once the last query is stored.</summary>
    public string? SummaryJson { get; set; }

    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }

    public AbTests.AbTest? Test { get; set; }
    public List<QueryResult> Results { get; } = [];
}

public enum RunStatus
{
    /// <summary>Waiting for its arms' collections to be ready.</summary>
    Pending,

    /// <summary>Every collection is ready; its run job is queued.</summary>
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}
