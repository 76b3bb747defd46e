namespace AbStudio.Domain.Collections;

/// <summary>
/// A corpus chunked, embedded and indexed for one configuration. Identified by its
/// <see cref="Fingerprint"/> (a hash of corpus and configuration) so that equal configurations share it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "'Collection' is the product's own noun for an indexed corpus.")]
public sealed class Collection
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>SHA-256 (hex) over the canonical JSON of dataset hash and every vector-shaping setting.</summary>
    public required string Fingerprint { get; set; }

    public Guid DatasetId { get; set; }

    /// <summary>The team of the test that planned it; a collection of a shared dataset is seen by every team.</summary>
    public Guid TeamId { get; set; } = Governance.Team.DefaultId;

    public required string ConfigurationJson { get; set; }

    public required string Provider { get; set; }
    public string? Model { get; set; }
    public string? ModelRevision { get; set; }
    public int Dimensions { get; set; }
    public string IndexKind { get; set; } = "flat";

    public CollectionStatus Status { get; set; } = CollectionStatus.Pending;
    public string? Error { get; set; }

    /// <summary>Progress of a build: chunks embedded and stored so far, out of <see cref="ChunksTotal"/>.</summary>
    public long ChunksDone { get; set; }
    public long ChunksTotal { get; set; }

    /// <summary>Number of batches durably stored; a resumed build continues after the last one.</summary>
    public int CheckpointBatches { get; set; }

    public long SizeBytes { get; set; }
    public long EmbeddingCalls { get; set; }
    public long EmbeddedTokens { get; set; }
    public TimeSpan? BuildDuration { get; set; }

    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;
    public DateTime? StartedAt { get; set; }
    public DateTime? ReadyAt { get; set; }
    public DateTime LastUsedAt { get; set; } = DateTime.UtcNow;

    /// <summary>Unused for longer than this, the TTL sweeper may delete it (null: kept).</summary>
    public TimeSpan? Ttl { get; set; }

    /// <summary>Optimistic concurrency: bumped on every save (builders and the sweeper can meet).</summary>
    public long Version { get; set; }

    public Datasets.Dataset? Dataset { get; set; }
}

public enum CollectionStatus
{
    Pending,
    Building,
    Ready,
    Failed,

    /// <summary>A user cancelled its build; planning the same configuration again builds it afresh.</summary>
    Cancelled,
}

/// <summary>The groups of collection statuses every query, guard and page uses: defined here once.</summary>
public static class CollectionStatuses
{
    /// <summary>A build is planned or under way: a test with the same configuration joins it.</summary>
    public static readonly CollectionStatus[] Building = [CollectionStatus.Pending, CollectionStatus.Building];

    /// <summary>No build is coming: ready, or ended without vectors.</summary>
    public static readonly CollectionStatus[] Finished = [CollectionStatus.Ready, CollectionStatus.Failed, CollectionStatus.Cancelled];

    /// <summary>Ended without vectors: a run waiting on it cannot start, and the next plan builds again.</summary>
    public static readonly CollectionStatus[] Unusable = [CollectionStatus.Failed, CollectionStatus.Cancelled];

    public static bool IsBuilding(this CollectionStatus status) => Array.IndexOf(Building, status) >= 0;

    public static bool IsFinished(this CollectionStatus status) => Array.IndexOf(Finished, status) >= 0;

    public static bool IsUnusable(this CollectionStatus status) => Array.IndexOf(Unusable, status) >= 0;
}
