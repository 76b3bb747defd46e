namespace AbStudio.Domain.Datasets;

/// <summary>One query (topic) of a dataset; <see cref="ExternalId"/> is the id the dataset itself uses.</summary>
public sealed class Query
{
    public long Id { get; set; }
    public Guid DatasetId { get; set; }
    public required string ExternalId { get; set; }
    public required string Text { get; set; }
    public string? MetadataJson { get; set; }

    public Dataset? Dataset { get; set; }
}
