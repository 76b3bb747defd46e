using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Evaluation.Trec;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Domain.Runs.Summary;
using AbStudio.Web.Features.AbTests;
using AbStudio.Web.Features.Accounts;
using ClosedXML.Excel;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Features.Exports;

/// <summary>
/// A real run of the demo dataset (bm25 against hashing vectors), completed by the host's own
/// dispatcher, exported in every format and compared with the summary the run stored.
/// </summary>
public sealed class CompletedRunFixture : IAsyncLifetime
{
    private const string Definition = """
        { "name": "exports demo", "dataset": { "id": "00000000-0000-0000-0000-000000000000" }, "k": [10],
          "arms": [ { "name": "bm25", "retrieval": { "mode": "lexical" } },
                    { "name": "hashing", "embedding": { "provider": "hashing", "dimensions": 128 }, "retrieval": { "mode": "vector" } } ],
          "statistics": { "permutations": 200, "bootstrapResamples": 200 } }
        """;

    public AbStudioWebFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Guid RunId { get; private set; }

    public Guid TestId { get; private set; }

    public StoredRunSummary Stored { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var token = TestContext.Current.CancellationToken;
        var (datasetId, _) = await DemoDataset.FindAsync(Factory);
        Client = Factory.CreateAdminClient();
        var tests = Factory.Services.GetRequiredService<TestsService>();
        var test = await tests.CreateAsync(TestDefinitionReader.Read(Definition), datasetId, "test", token);
        TestId = test.Id;
        RunId = (await tests.StartAsync(Actor.Host, test.Id, token)).Require().RunId;
        for (var i = 0; i < 300; i++)
        {
            await using var db = await DbAsync();
            var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == RunId, token);
            Assert.NotEqual(RunStatus.Failed, run.Status);
            if (run.Status is RunStatus.Completed)
            {
                Stored = StoredRunSummary.Read(run.SummaryJson!);
                return;
            }

            await Task.Delay(200, token);
        }

        Assert.Fail("The run did not complete within 60 s.");
    }

    public async Task<AbStudioDbContext> DbAsync() =>
        await Factory.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}

public sealed class ExportsApiTests(CompletedRunFixture run) : IClassFixture<CompletedRunFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Exports => $"/api/v1/runs/{run.RunId}/exports";

    private async Task<HttpResponseMessage> GetAsync(string path) =>
        await run.Client.GetAsync(new Uri(path, UriKind.Relative), Token);

    private double StoredMean(string arm, string metric) => run.Stored.Arms.Single(a => a.Name == arm).Means[metric];

    private static void AssertAttachment(HttpResponseMessage response, string mediaType, string fileName)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task Json_ResultsDocumentV1_MeansEqualTheStoredSummary()
    {
        using var response = await GetAsync($"{Exports}/json");

        AssertAttachment(response, "application/json", $"exports-demo-{run.RunId}.json");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        Assert.Equal(1, json.RootElement.GetProperty("schema_version").GetInt32());
        foreach (var arm in json.RootElement.GetProperty("arms").EnumerateArray())
        {
            Assert.Equal(Math.Round(StoredMean(arm.GetProperty("name").GetString()!, "ndcg@10"), 6), arm.GetProperty("metrics").GetProperty("ndcg@10").GetDouble());
        }
    }

    [Fact]
    public async Task Csv_Utf8WithBomOneRowPerArmAndQuery_MeansEqualTheStoredSummary()
    {
        using var response = await GetAsync($"{Exports}/csv");

        AssertAttachment(response, "text/csv", $"exports-demo-{run.RunId}.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync(Token);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        using var csv = new CsvReader(new StreamReader(new MemoryStream(bytes)), CultureInfo.InvariantCulture);
        var rows = new List<(string Arm, double Ndcg)>();
        csv.Read();
        csv.ReadHeader();
        Assert.Equal("schema_version", csv.HeaderRecord![0]);
        while (csv.Read())
        {
            rows.Add((csv.GetField("arm")!, csv.GetField<double>("ndcg@10")));
        }

        Assert.Equal(2 * run.Stored.Queries, rows.Count);
        foreach (var arm in new[] { "bm25", "hashing" })
        {
            Assert.Equal(StoredMean(arm, "ndcg@10"), rows.Where(r => r.Arm == arm).Average(r => r.Ndcg), 12);
        }
    }

    [Fact]
    public async Task SummaryCsv_OneRowPerArm_MeansAndPercentilesAsStored()
    {
        using var response = await GetAsync($"{Exports}/summary.csv");

        AssertAttachment(response, "text/csv", $"exports-demo-{run.RunId}.summary.csv");
        using var csv = new CsvReader(new StreamReader(await response.Content.ReadAsStreamAsync(Token)), CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var arms = new List<string>();
        while (csv.Read())
        {
            var arm = csv.GetField("arm")!;
            arms.Add(arm);
            Assert.Equal(StoredMean(arm, "recall@10"), csv.GetField<double>("recall@10"));
            Assert.Equal(run.Stored.Arms.Single(a => a.Name == arm).TotalLatency.P95, csv.GetField<double>("latency_p95_ms"));
        }

        Assert.Equal(["bm25", "hashing"], arms);
    }

    [Fact]
    public async Task Xlsx_FourSheets_SummaryAsStored()
    {
        using var response = await GetAsync($"{Exports}/xlsx");

        AssertAttachment(response, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"exports-demo-{run.RunId}.xlsx");
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Token)));
        Assert.Equal(["Summary", "Significance", "Per-query", "About"], workbook.Worksheets.Select(w => w.Name));
        var summary = workbook.Worksheet("Summary");
        var ndcg = summary.Row(1).CellsUsed().Single(c => c.GetString() == "ndcg@10").Address.ColumnNumber;
        Assert.Equal(StoredMean("bm25", "ndcg@10"), summary.Cell(2, ndcg).GetDouble(), 12);
        Assert.Equal(run.Stored.Queries + 1, workbook.Worksheet("Per-query").RowsUsed().Count());
    }

    [Fact]
    public async Task Trec_OneArm_ScoredByTrecEvalGivesTheStoredNdcgAt10()
    {
        using var response = await GetAsync($"{Exports}/trec?arm=hashing");

        AssertAttachment(response, "text/plain", $"exports-demo-{run.RunId}.hashing.trec");
        var trecRun = TrecRunReader.Read(new StringReader(await response.Content.ReadAsStringAsync(Token)), "hashing.trec");
        var evaluation = TrecEvaluation.Evaluate(DemoQrels(), trecRun, EvaluationOptions.Default);
        Assert.Equal(StoredMean("hashing", "ndcg@10"), evaluation.Mean(m => m.NdcgAt(10)), 12);
    }

    [Fact]
    public async Task Trec_NoArm_ZipOfEveryArmsRunFile()
    {
        using var response = await GetAsync($"{Exports}/trec");

        AssertAttachment(response, "application/zip", $"exports-demo-{run.RunId}.trec.zip");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Token)));
        Assert.Equal(["run.bm25.trec", "run.hashing.trec"], zip.Entries.Select(e => e.FullName));
        using var reader = new StreamReader(zip.GetEntry("run.bm25.trec")!.Open());
        var evaluation = TrecEvaluation.Evaluate(DemoQrels(), TrecRunReader.Read(reader, "run.bm25.trec"), EvaluationOptions.Default);
        Assert.Equal(StoredMean("bm25", "ndcg@10"), evaluation.Mean(m => m.NdcgAt(10)), 12);
    }

    [Fact]
    public async Task Export_Recorded_AsAnAuditEvent()
    {
        using var response = await GetAsync($"{Exports}/summary.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await run.DbAsync();
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.EntityType == "run" && e.EntityId == run.RunId.ToString() && e.Action == "export").ToListAsync(Token);
        Assert.Contains(events, e => e.Actor == TestUsers.AdminName && e.DetailsJson!.Contains("\"format\":\"summary.csv\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pdf", null, "format", "use one of json, csv, summary.csv, xlsx, trec")]
    [InlineData("trec", "dense", "arm", "no arm 'dense'; its arms are bm25, hashing")]
    [InlineData("csv", "bm25", "arm", "trec format only")]
    public async Task Export_BadFormatOrArm_400NamingIt(string format, string? arm, string field, string says)
    {
        var (response, body) = await ProblemAsync($"{Exports}/{format}{(arm is null ? "" : $"?arm={arm}")}");

        ApiAssert.Problem(response, body, 400);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out var messages), body.ToString());
        Assert.Contains(says, messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_UnknownRun_404Problem()
    {
        var (response, body) = await ProblemAsync($"/api/v1/runs/{Guid.NewGuid()}/exports/csv");

        ApiAssert.Problem(response, body, 404);
    }

    [Fact]
    public async Task Export_RunNotCompleted_409SayingItsStatus()
    {
        var running = new Run { TestId = run.TestId, Status = RunStatus.Running, QueriesTotal = 100, QueriesDone = 40 };
        await using (var db = await run.DbAsync())
        {
            db.Runs.Add(running);
            await db.SaveChangesAsync(Token);
        }

        var (response, body) = await ProblemAsync($"/api/v1/runs/{running.Id}/exports/xlsx");

        ApiAssert.Problem(response, body, 409);
        Assert.Contains("The run is running (40 of 100", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<(HttpResponseMessage Response, JsonElement Body)> ProblemAsync(string path)
    {
        var response = await GetAsync(path);
        return (response, await ApiHost.BodyAsync(response));
    }

    private static Qrels DemoQrels()
    {
        var tsv = Path.Combine(RepositoryPaths.Root, "AbStudio.Web", "DemoData", "scifact-demo", "qrels", "test.tsv");
        var lines = File.ReadLines(tsv).Skip(1).Select(l => l.Split('\t')).Select(f => $"{f[0]} 0 {f[1]} {f[2]}");
        return TrecQrelsReader.Read(new StringReader(string.Join('\n', lines)), "test.tsv");
    }
}
