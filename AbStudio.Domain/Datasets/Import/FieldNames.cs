namespace AbStudio.Domain.Datasets.Import;

/// <summary>
/// The field (JSONL) and column (CSV) names the importer reads, with the aliases it accepts; the
/// first name present wins, and the others are kept as metadata. docs/datasets.md lists the same.
/// </summary>
internal static class FieldNames
{
    public static readonly string[] Id = ["_id", "id"];
    public static readonly string[] Title = ["title"];
    public static readonly string[] Text = ["text"];
    public static readonly string[] QueryId = ["query_id", "query-id", "qid"];
    public static readonly string[] DocumentId = ["doc_id", "corpus-id", "docno"];
    public static readonly string[] Grade = ["grade", "score", "relevance"];
    public static readonly string[] Split = ["split"];
}
