using System.Globalization;
using AbStudio.Domain.Exports;
using CsvHelper;

namespace AbStudio.Tests.Domain.Exports;

/// <summary>The CSV exports, parsed back with CsvHelper and compared with the run's analysis.</summary>
public sealed class CsvExportTests
{
    private static readonly RunExport Export = ExportSample.Build();

    private static List<Dictionary<string, string>> WriteAndParse(ExportTable table, out string[] header)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        CsvTableWriter.Write(text, table);
        using var csv = new CsvReader(new StringReader(text.ToString()), CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        header = csv.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            var names = header;
            rows.Add(names.Select((name, i) => (name, value: csv.GetField(i)!)).ToDictionary(p => p.name, p => p.value, StringComparer.Ordinal));
        }

        return rows;
    }

    private static double Number(string field) => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);

    [Fact]
    public void QueryRows_Header_SchemaVersionFirstThenEveryMetricAtEveryKThenStageLatencies()
    {
        WriteAndParse(ExportTables.QueryRows(Export), out var header);

        Assert.Equal(
            ["schema_version", "run_id", "test", "arm", "query_id",
             "ndcg@1", "recall@1", "mrr@1", "hit@1", "p@1", "map@1", "ndcg@10", "recall@10", "mrr@10", "hit@10", "p@10", "map@10",
             "embed_ms", "search_ms", "fusion_ms", "rerank_ms", "total_ms"],
            header);
    }

    [Fact]
    public void QueryRows_OneRowPerArmAndQuery_ValuesEqualTheAnalysis()
    {
        var rows = WriteAndParse(ExportTables.QueryRows(Export), out var header);

        Assert.Equal(Export.Summary.Arms.Count * ExportSample.QueryIds.Count, rows.Count);
        for (var a = 0; a < Export.Summary.Arms.Count; a++)
        {
            var arm = Export.Summary.Arms[a];
            for (var q = 0; q < ExportSample.QueryIds.Count; q++)
            {
                var row = rows[a * ExportSample.QueryIds.Count + q];
                Assert.Equal("1", row["schema_version"]);
                Assert.Equal(ExportSample.RunId.ToString(), row["run_id"]);
                Assert.Equal(SpreadsheetText.Neutralise(arm.ArmName), row["arm"]);
                Assert.Equal(SpreadsheetText.Neutralise(ExportSample.QueryIds[q]), row["query_id"]);
                foreach (var (metric, values) in arm.PerQuery)
                {
                    Assert.Equal(values[q], Number(row[metric]));
                }

                Assert.Equal(Export.Arms[a].Outcomes[q].Latency.TotalMs, Number(row["total_ms"]));
                Assert.Equal(Export.Arms[a].Outcomes[q].Latency.SearchMs, Number(row["search_ms"]));
            }
        }
    }

    [Fact]
    public void QueryRows_TextThatWouldRunAsAFormula_PrefixedWithAnApostrophe()
    {
        var rows = WriteAndParse(ExportTables.QueryRows(Export), out _);

        Assert.Equal(["q1", "'=1+1", "'-2", "007"], rows.Take(4).Select(r => r["query_id"]));
        Assert.All(rows, r => Assert.Equal("'=HYPERLINK(\"x\")", r["test"]));
        Assert.Equal(["'=bm25", "'@dense"], rows.Select(r => r["arm"]).Distinct());
    }

    [Fact]
    public void ArmSummaries_MeansAndPercentilesEqualTheAnalysis_WinnerMarked()
    {
        var rows = WriteAndParse(ExportTables.ArmSummaries(Export), out var header);

        Assert.Equal(["schema_version", "run_id", "test", "arm", "winner"], header.Take(5));
        Assert.Contains("latency_p99_ms", header);
        Assert.Contains("rerank_p50_ms", header);
        Assert.Equal(2, rows.Count);
        foreach (var (arm, row) in Export.Summary.Arms.Zip(rows))
        {
            Assert.Equal(arm.ArmName == Export.Winner ? "yes" : "no", row["winner"]);
            foreach (var (metric, mean) in arm.Means)
            {
                Assert.Equal(mean, Number(row[metric]));
            }

            Assert.Equal(arm.TotalLatency.P50, Number(row["latency_p50_ms"]));
            Assert.Equal(arm.TotalLatency.P95, Number(row["latency_p95_ms"]));
            Assert.Equal(arm.StageLatency["search"].P99, Number(row["search_p99_ms"]));
        }

        Assert.Single(rows, r => r["winner"] == "yes");
    }

    [Fact]
    public void Significance_NegativeDifferences_WrittenAsNumbersNotText()
    {
        var rows = WriteAndParse(ExportTables.Significance(Export), out _);

        var mrr = rows.Single(r => r["metric"] == "mrr@1");
        var comparison = Export.Summary.Comparisons.Single(c => c.Metric == "mrr@1").Statistics;
        Assert.Equal(comparison.MeanDifference, Number(mrr["mean_difference"]));
        Assert.Equal(comparison.CiLower, Number(mrr["ci_low"]));
        Assert.True(Number(mrr["ci_low"]) < 0);
        Assert.DoesNotContain(rows, r => r["ci_low"].StartsWith('\''));
    }

    [Theory]
    [InlineData("Report\n=cmd|'/C calc'!A0")]
    [InlineData("\n=5+5")]
    [InlineData("\r=2+2")]
    public void Write_TextWithALoneLineBreak_StaysOneQuotedFieldSoNoLineStartsAFormula(string text)
    {
        var table = new ExportTable("t", ["name", "value"], [[text, 1.0], ["next", 2.0]]);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);

        CsvTableWriter.Write(writer, table);

        using var csv = new CsvReader(new StringReader(writer.ToString()), CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(SpreadsheetText.Neutralise(text), rows[0]["name"]);
        Assert.DoesNotContain(writer.ToString().Split("\r\n"), line => line.StartsWith('='));
    }
}
