namespace AbStudio.Domain.Datasets;

/// <summary>One corpus document; <see cref="ExternalId"/> is the id the dataset itself uses.</summary>
public sealed class Document
{
    /// <summary>The longest title the database column holds.</summary>
    public const int MaxTitleLength = 4000;

    public long Id { get; set; }
    public Guid DatasetId { get; set; }
    public required string ExternalId { get; set; }
    public string? Title { get; set; }
    public required string Text { get; set; }

    /// <summary>Any other fields of the source record, as a JSON object.</summary>
    public string? MetadataJson { get; set; }

    public Dataset? Dataset { get; set; }
}
