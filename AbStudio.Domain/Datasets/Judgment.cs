namespace AbStudio.Domain.Datasets;

/// <summary>A graded relevance judgment (qrel) of one document for one query in one split.</summary>
public sealed class Judgment
{
    /// <summary>The longest split name the database column holds.</summary>
    public const int MaxSplitLength = 64;

    public long Id { get; set; }
    public Guid DatasetId { get; set; }

    /// <summary>The split the judgment belongs to (BEIR's train/dev/test; "test" for TREC qrels).</summary>
    public required string Split { get; set; }

    public long QueryId { get; set; }
    public long DocumentId { get; set; }

    /// <summary>The grade as given: 0 is judged non-relevant, 1 and above relevant (nDCG uses it as gain).</summary>
    public int Grade { get; set; }

    public Dataset? Dataset { get; set; }
    public Query? Query { get; set; }
    public Document? Document { get; set; }
}
