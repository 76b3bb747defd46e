namespace AbStudio.Web.Features.Datasets;

/// <summary>
/// Where a file picked in the browser goes inside the dataset. Browsers give a picked file its name
/// only, never its folder, so BEIR's judgments (<c>qrels/test.tsv</c>) would arrive as <c>test.tsv</c>:
/// a .tsv file is placed under <c>qrels/</c>, except TREC's topic files (topics.tsv, queries.tsv);
/// every other file keeps its name (corpus.jsonl, queries.jsonl, qrels.txt, judgments.csv…).
/// </summary>
public static class DatasetFilePaths
{
    private static readonly string[] TopicFiles = ["topics.tsv", "queries.tsv"];

    public static string PathOf(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = fileName.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        return name.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) && !TopicFiles.Contains(name, StringComparer.OrdinalIgnoreCase)
            ? "qrels/" + name
            : name;
    }
}
