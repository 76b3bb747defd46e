namespace AbStudio.Domain.AbTests;

/// <summary>An A/B test: two or more arms evaluated on the same dataset split.</summary>
public sealed class AbTest
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public string? Description { get; set; }

    public Guid DatasetId { get; set; }

    /// <summary>The team that owns it, and so its runs, their exports and the jobs that serve them (docs/adr/0006).</summary>
    public Guid TeamId { get; set; } = Governance.Team.DefaultId;

    public string Split { get; set; } = "test";

    /// <summary>The cut-offs every metric is reported at, ascending (e.g. 1, 3, 5, 10, 20, 100).</summary>
    public List<int> KValues { get; set; } = [1, 3, 5, 10, 20, 100];

    public string PrimaryMetric { get; set; } = "ndcg@10";
    public bool ReuseExisting { get; set; } = true;
    public CleanupPolicy Cleanup { get; set; } = CleanupPolicy.Keep;

    /// <summary>For <see cref="CleanupPolicy.Ttl"/>: how long its collections may stay unused.</summary>
    public TimeSpan? CollectionTtl { get; set; }

    /// <summary>
    /// The test definition (the document the UI, the API and the eval verb share), stored as JSON in the
    /// <c>DefinitionJson</c> column and read back as this type: parsed once per read, never again by its users.
    /// </summary>
    public required Definitions.TestDefinition Definition { get; set; }

    public AbTestStatus Status { get; set; } = AbTestStatus.Draft;
    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? CompletedAt { get; set; }

    public Datasets.Dataset? Dataset { get; set; }
    public List<Arm> Arms { get; } = [];
    public List<Runs.Run> Runs { get; } = [];
}

public enum AbTestStatus
{
    Draft,
    Queued,
    Building,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>The groups of test statuses every query, guard and page uses: defined here once.</summary>
public static class AbTestStatuses
{
    /// <summary>A run is on its way: collections building, the run queued or running.</summary>
    public static readonly AbTestStatus[] Active = [AbTestStatus.Queued, AbTestStatus.Building, AbTestStatus.Running];

    public static readonly AbTestStatus[] Finished = [AbTestStatus.Completed, AbTestStatus.Failed, AbTestStatus.Cancelled];

    /// <summary>May still build or search its arms' collections: a draft (it may start) or an active test.</summary>
    public static readonly AbTestStatus[] NeedsCollections = [AbTestStatus.Draft, .. Active];

    public static bool IsActive(this AbTestStatus status) => Array.IndexOf(Active, status) >= 0;

    public static bool IsFinished(this AbTestStatus status) => Array.IndexOf(Finished, status) >= 0;
}

/// <summary>What happens to a test's collections once it completes.</summary>
public enum CleanupPolicy
{
    Keep,
    OnComplete,
    Ttl,
}
