namespace AbStudio.Domain.Datasets;

/// <summary>A corpus with its queries and graded judgments, versioned by the hash of its content.</summary>
public sealed class Dataset
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DatasetFormat Format { get; set; }

    /// <summary>SHA-256 (hex) of the canonical form of documents, queries and judgments.</summary>
    public required string ContentHash { get; set; }

    public int DocumentCount { get; set; }
    public int QueryCount { get; set; }
    public int JudgmentCount { get; set; }

    /// <summary>Where the data came from (file or folder name), for the user's orientation only.</summary>
    public string? Source { get; set; }

    /// <summary>The team that owns it (docs/adr/0006); the default team unless the creator's use case says otherwise.</summary>
    public Guid TeamId { get; set; } = Governance.Team.DefaultId;

    /// <summary>Marked by an admin: every team sees it, and its collections are reused across teams.</summary>
    public bool Shared { get; set; }

    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    public List<Document> Documents { get; } = [];
    public List<Query> Queries { get; } = [];
    public List<Judgment> Judgments { get; } = [];
}

public enum DatasetFormat
{
    Beir,
    Trec,
    Jsonl,
    Csv,
}
