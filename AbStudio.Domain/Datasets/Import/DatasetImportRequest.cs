namespace AbStudio.Domain.Datasets.Import;

/// <summary>What to import: a folder or .zip, its format (recognised from the files when null),
/// the dataset's name (the folder's when null) and, for BEIR, one split only (for other formats,
/// the split of judgments that name none; <c>test</c> by default).</summary>
public sealed record DatasetImportRequest(string Path, DatasetFormat? Format = null, string? Name = null, string? Split = null)
{
    public string? CreatedBy { get; init; }

    /// <summary>The team that will own the dataset.</summary>
    public Guid TeamId { get; init; } = Governance.Team.DefaultId;
}

/// <summary>What an import stored (or, for validation, would store).</summary>
public sealed record DatasetImportResult(
    Guid DatasetId, string Name, DatasetFormat Format, int Documents, int Queries, int Judgments, string ContentHash);
