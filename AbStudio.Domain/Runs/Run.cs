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

/// <summary>The groups of run statuses every query, guard and page uses: defined here once.</summary>
public static class RunStatuses
{
    /// <summary>Waiting, queued or running: a test has at most one such run (a unique index holds it).</summary>
    public static readonly RunStatus[] Active = [RunStatus.Pending, RunStatus.Queued, RunStatus.Running];

    public static readonly RunStatus[] Finished = [RunStatus.Completed, RunStatus.Failed, RunStatus.Cancelled];

    public static bool IsActive(this RunStatus status) => Array.IndexOf(Active, status) >= 0;

    public static bool IsFinished(this RunStatus status) => Array.IndexOf(Finished, status) >= 0;
}
