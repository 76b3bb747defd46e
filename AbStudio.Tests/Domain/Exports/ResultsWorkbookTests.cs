using AbStudio.Domain.Exports;
using ClosedXML.Excel;

namespace AbStudio.Tests.Domain.Exports;

/// <summary>
/// The XLSX export opened back with ClosedXML, sheet by sheet. ClosedXML stores numbers with 15
/// significant digits (Excel's own precision), so values are compared to 12 decimal places.
/// </summary>
public sealed class ResultsWorkbookTests : IDisposable
{
    private const int Digits = 12;
    private static readonly RunExport Export = ExportSample.Build();
    private readonly XLWorkbook _workbook;

    public ResultsWorkbookTests()
    {
        using var stream = new MemoryStream();
        ResultsWorkbook.Write(stream, Export);
        _workbook = new XLWorkbook(new MemoryStream(stream.ToArray()));
    }

    public void Dispose() => _workbook.Dispose();

    /// <summary>The sheet's rows below the header, each as header → cell.</summary>
    private List<Dictionary<string, IXLCell>> Rows(string sheet)
    {
        var worksheet = _workbook.Worksheet(sheet);
        var header = worksheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        return [.. worksheet.RowsUsed().Skip(1).Select(row => header.Select((name, i) => (name, cell: row.Cell(i + 1))).ToDictionary(p => p.name, p => p.cell, StringComparer.Ordinal))];
    }

    [Fact]
    public void Sheets_InOrder()
    {
        Assert.Equal(["Summary", "Significance", "Per-query", "About"], _workbook.Worksheets.Select(w => w.Name));
    }

    [Fact]
    public void Summary_NumericMeansAndPercentiles_WinnerMarkedAndBold()
    {
        var rows = Rows("Summary");

        Assert.Equal(2, rows.Count);
        foreach (var (arm, row) in Export.Summary.Arms.Zip(rows))
        {
            Assert.Equal(SpreadsheetText.Neutralise(arm.ArmName), row["arm"].GetString());
            Assert.Equal(XLDataType.Number, row["ndcg@10"].DataType);
            Assert.Equal(arm.Means["ndcg@10"], row["ndcg@10"].GetDouble(), Digits);
            Assert.Equal(arm.TotalLatency.P99, row["latency_p99_ms"].GetDouble(), Digits);
            var winner = arm.ArmName == Export.Winner;
            Assert.Equal(winner ? "yes" : "no", row["winner"].GetString());
            Assert.Equal(winner, row["arm"].Style.Font.Bold);
        }
    }

    [Fact]
    public void Significance_EveryMetricAndPair_NumbersEqualTheAnalysis()
    {
        var rows = Rows("Significance");

        Assert.Equal(Export.Summary.Comparisons.Count, rows.Count);
        foreach (var comparison in Export.Summary.Comparisons)
        {
            var row = rows.Single(r => r["metric"].GetString() == comparison.Metric);
            Assert.Equal(XLDataType.Number, row["mean_difference"].DataType);
            Assert.Equal(comparison.Statistics.MeanDifference, row["mean_difference"].GetDouble(), Digits);
            Assert.Equal(comparison.RandomizationPHolm, row["randomization_p_holm"].GetDouble(), Digits);
            Assert.Equal(comparison.Statistics.Wins, row["wins_b"].GetDouble());
            Assert.Equal(comparison.Statistics.CohensDz, row["cohens_dz"].GetDouble(), Digits);
        }
    }

    [Fact]
    public void PerQuery_EachArmsValueAndTheDifferenceOnThePrimaryMetric()
    {
        var rows = Rows("Per-query");
        var a = Export.Summary.Arms[0];
        var b = Export.Summary.Arms[1];

        Assert.Equal(["q1", "'=1+1", "'-2", "007"], rows.Select(r => r["query_id"].GetString()));
        Assert.All(rows, r => Assert.Equal(XLDataType.Text, r["query_id"].DataType));
        for (var q = 0; q < rows.Count; q++)
        {
            Assert.Equal(a.PerQuery["recall@1"][q], rows[q]["recall@1 =bm25"].GetDouble(), Digits);
            var difference = rows[q]["ndcg@10 @dense − =bm25"];
            Assert.Equal(XLDataType.Number, difference.DataType);
            Assert.Equal(b.PerQuery["ndcg@10"][q] - a.PerQuery["ndcg@10"][q], difference.GetDouble(), Digits);
        }

        Assert.Contains(rows, r => r["ndcg@10 @dense − =bm25"].GetDouble() < 0);
    }

    [Fact]
    public void About_SchemaVersionTestDatasetAndGeneratedAt()
    {
        var about = _workbook.Worksheet("About").RowsUsed().Skip(1).ToDictionary(r => r.Cell(1).GetString(), r => r.Cell(2), StringComparer.Ordinal);

        Assert.Equal(1, about["schema_version"].GetDouble());
        Assert.Equal("'=HYPERLINK(\"x\")", about["test"].GetString());
        Assert.Equal(new string('a', 64), about["dataset_content_hash"].GetString());
        Assert.Equal("2026-11-24T12:00:00.0000000Z", about["generated_at"].GetString());
        Assert.Equal("ndcg@10", about["primary_metric"].GetString());
    }

    [Fact]
    public void Headers_AreTextAndNoCellIsAFormula()
    {
        Assert.All(_workbook.Worksheets.SelectMany(w => w.CellsUsed()), cell => Assert.False(cell.HasFormula, $"{cell.Address} is a formula"));
    }
}
