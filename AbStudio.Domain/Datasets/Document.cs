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

    /// <summary>
    /// What retrieval indexes and embeds: title and body together, as the BEIR baselines index them.
    /// One definition, so runs and collection builds chunk exactly the same text.
    /// </summary>
    public static string SearchableText(string? title, string text) =>
        string.IsNullOrEmpty(title) ? text : title + " " + text;
}
