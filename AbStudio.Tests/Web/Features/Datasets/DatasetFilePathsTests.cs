using AbStudio.Web.Features.Datasets;

namespace AbStudio.Tests.Web.Features.Datasets;

public sealed class DatasetFilePathsTests
{
    [Theory]
    [InlineData("corpus.jsonl", "corpus.jsonl")]
    [InlineData("queries.jsonl", "queries.jsonl")]
    [InlineData("test.tsv", "qrels/test.tsv")]
    [InlineData("Dev.TSV", "qrels/Dev.TSV")]
    [InlineData("topics.tsv", "topics.tsv")]
    [InlineData("queries.tsv", "queries.tsv")]
    [InlineData("qrels.txt", "qrels.txt")]
    [InlineData("C:\\data\\judgments.csv", "judgments.csv")]
    public void PathOf_PickedFileName_PlacesItWhereTheImporterLooks(string picked, string expected) =>
        Assert.Equal(expected, DatasetFilePaths.PathOf(picked));
}
