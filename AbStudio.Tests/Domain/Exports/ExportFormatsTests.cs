using AbStudio.Domain.Exports;

namespace AbStudio.Tests.Domain.Exports;

public sealed class ExportFormatsTests
{
    [Theory]
    [InlineData("json", ExportFormat.Json)]
    [InlineData("csv", ExportFormat.Csv)]
    [InlineData("summary.csv", ExportFormat.SummaryCsv)]
    [InlineData("XLSX", ExportFormat.Xlsx)]
    [InlineData("trec", ExportFormat.Trec)]
    public void TryParse_KnownName_TheFormat(string name, ExportFormat expected)
    {
        var known = ExportFormats.TryParse(name, out var format);

        Assert.True(known);
        Assert.Equal(expected, format);
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("summary")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_Unknown_False(string? name)
    {
        Assert.False(ExportFormats.TryParse(name, out _));
    }

    [Theory]
    [InlineData("bm25 vs dense", "bm25-vs-dense")]
    [InlineData("=HYPERLINK(\"x\")", "HYPERLINK--x")]
    [InlineData("../../etc", "etc")]
    [InlineData("résumé", "r-sum")]
    [InlineData("???", "test")]
    public void FileName_TestName_ReducedToSafeCharacters(string testName, string expectedStem)
    {
        var runId = Guid.Parse("0195f0c4-0000-7000-8000-000000000042");

        var name = ExportFormats.FileName(testName, runId, "summary.csv");

        Assert.Equal($"{expectedStem}-{runId}.summary.csv", name);
    }

    [Theory]
    [InlineData("bm25", "run.bm25.trec")]
    [InlineData("""\..\..\evil""", "run._______evil.trec")]
    [InlineData("a/b:c", "run.a_b_c.trec")]
    public void TrecRunFileName_UnsafeArmNameStoredBeforeTheRule_StaysInsideItsFolder(string arm, string expected)
    {
        Assert.Equal(expected, TrecRunWriter.FileName(arm));
    }
}
