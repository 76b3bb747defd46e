using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;

namespace AbStudio.Tests.Web.Features.Runs;

/// <summary>
/// The whole API path a script takes: upload SciFact, create a two-arm test (bm25 against
/// hashing), start it, poll it to completion, page through all 300 queries' results, read the
/// summary and significance, download every export. The host's own dispatcher builds the collection and runs the test.
/// </summary>
public sealed class SciFactApiEndToEndTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new ApiHost(role: "all");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task UploadCreateStartPollPageSummary_300Queries_SameDataAtEveryPageSize()
    {
        var clock = Stopwatch.StartNew();
        var folder = Path.Combine(SharedData.Datasets, "scifact");
        using var form = TinyBeir.Form(
            [("corpus.jsonl.gz", await File.ReadAllBytesAsync(Path.Combine(folder, "corpus.jsonl.gz"), TestContext.Current.CancellationToken)),
             ("queries.jsonl", await File.ReadAllBytesAsync(Path.Combine(folder, "queries.jsonl"), TestContext.Current.CancellationToken)),
             ("qrels/test.tsv", await File.ReadAllBytesAsync(Path.Combine(folder, "qrels", "test.tsv"), TestContext.Current.CancellationToken))],
            new Dictionary<string, string> { ["format"] = "beir", ["name"] = "SciFact", ["split"] = "test" });
        var (uploaded, dataset) = await _host.SendAsync(HttpMethod.Post, "/api/v1/datasets", form);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);

        var (_, runId) = await CompletedRun.CreateAndRunAsync(
            _host, TestDefinitions.TwoArms(dataset.GetProperty("id").GetGuid(), name: "SciFact bm25 vs hashing", dimensions: 256), TimeSpan.FromSeconds(60));

        var bySmallPages = new List<string>();
        for (var page = 1; page <= 6; page++)
        {
            var (_, body) = await _host.GetAsync($"/api/v1/runs/{runId}/results?pageSize=50&page={page}");
            ApiAssert.Page(body, page, 50, 300, 50);
            bySmallPages.AddRange(body.GetProperty("items").EnumerateArray().Select(r => r.ToString()));
        }

        var (_, whole) = await _host.GetAsync($"/api/v1/runs/{runId}/results?pageSize=500");
        ApiAssert.Page(whole, 1, 500, 300, 300);
        Assert.Equal(bySmallPages, whole.GetProperty("items").EnumerateArray().Select(r => r.ToString()));
        Assert.Equal(300, bySmallPages.Distinct().Count());

        var (summaryResponse, summary) = await _host.GetAsync($"/api/v1/runs/{runId}/summary");
        Assert.Equal(HttpStatusCode.OK, summaryResponse.StatusCode);
        Assert.Equal(300, summary.GetProperty("queries").GetInt32());

        // BM25 on SciFact lands near the published 0.665-0.679; feature hashing is far weaker.
        var ndcg = summary.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("arm").GetString()!, a => a.GetProperty("means").GetProperty("ndcg@10").GetDouble());
        Assert.InRange(ndcg["bm25"], 0.6, 0.72);
        var (significanceResponse, significance) = await _host.GetAsync($"/api/v1/runs/{runId}/significance?metric=ndcg@10");
        Assert.Equal(HttpStatusCode.OK, significanceResponse.StatusCode);
        var comparison = Assert.Single(significance.GetProperty("comparisons").EnumerateArray());
        Assert.Equal(ndcg["hashing"] - ndcg["bm25"], comparison.GetProperty("meanDifference").GetDouble(), 9);

        // Every export of the run downloads and holds all 300 queries (formats in detail: ExportsApiTests).
        using (var json = JsonDocument.Parse(await DownloadAsync(runId, "json")))
        {
            Assert.Equal(1, json.RootElement.GetProperty("schema_version").GetInt32());
            Assert.Equal(300, json.RootElement.GetProperty("queries").GetArrayLength());
        }

        var csvLines = Encoding.UTF8.GetString(await DownloadAsync(runId, "csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 2 * 300, csvLines.Length);
        using (var workbook = new XLWorkbook(new MemoryStream(await DownloadAsync(runId, "xlsx"))))
        {
            Assert.Equal(300 + 1, workbook.Worksheet("Per-query").RowsUsed().Count());
        }

        using (var zip = new ZipArchive(new MemoryStream(await DownloadAsync(runId, "trec"))))
        {
            Assert.Equal(["run.bm25.trec", "run.hashing.trec"], zip.Entries.Select(e => e.FullName).Order());
        }

        // How long the whole path took goes to the log; speed targets live in bench/, not in tests.
        TestContext.Current.SendDiagnosticMessage($"SciFact API end to end: {clock.Elapsed.TotalSeconds:F1} s; nDCG@10 bm25 {ndcg["bm25"]:F4}, hashing {ndcg["hashing"]:F4}");
    }

    private async Task<byte[]> DownloadAsync(Guid runId, string format)
    {
        using var response = await _host.Client.GetAsync(new Uri($"/api/v1/runs/{runId}/exports/{format}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
    }
}
