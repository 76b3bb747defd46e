using AbStudio.Domain.Datasets;

namespace AbStudio.Web.Features.Datasets;

/// <summary>A dataset in a list: what it is and how big.</summary>
public sealed record DatasetSummary(
    Guid Id, string Name, DatasetFormat Format, string ContentHash, int Documents, int Queries, int Judgments, DateTime CreatedAt)
{
    /// <summary>The team that owns it.</summary>
    public Guid TeamId { get; init; }

    /// <summary>Shared by an admin: every team sees it and reuses its collections.</summary>
    public bool Shared { get; init; }
}

/// <summary>A dataset with its splits: where it came from and what each split holds.</summary>
public sealed record DatasetDetail(
    Guid Id,
    string Name,
    string? Description,
    DatasetFormat Format,
    string ContentHash,
    int Documents,
    int Queries,
    int Judgments,
    IReadOnlyList<DatasetSplit> Splits,
    string? Source,
    string? CreatedBy,
    DateTime CreatedAt)
{
    /// <summary>The team that owns it.</summary>
    public Guid TeamId { get; init; }

    /// <summary>Shared by an admin: every team sees it and reuses its collections.</summary>
    public bool Shared { get; init; }
}

/// <summary>One split (train, dev, test…): the queries judged in it and its judgments.</summary>
public sealed record DatasetSplit(string Name, int Queries, int Judgments);

/// <summary>A corpus document; <see cref="ExternalId"/> is the id the dataset's own files use.</summary>
public sealed record DocumentItem(long Id, string ExternalId, string? Title, string Text);

/// <summary>A query; <see cref="ExternalId"/> is the id the dataset's own files use.</summary>
public sealed record QueryItem(long Id, string ExternalId, string Text);

/// <summary>A graded judgment, naming its query and document by the dataset's own ids.</summary>
public sealed record JudgmentItem(long Id, string Split, string QueryId, string DocumentId, int Grade);
