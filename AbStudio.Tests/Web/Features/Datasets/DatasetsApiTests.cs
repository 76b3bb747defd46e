using System.Net;
using System.Text;
using AbStudio.Domain.AbTests;
using AbStudio.Domain.Collections;
using Microsoft.EntityFrameworkCore;

namespace AbStudio.Tests.Web.Features.Datasets;

public sealed class DatasetsApiTests : IAsyncLifetime
{
    private const string Datasets = "/api/v1/datasets";
    private ApiHost _host = null!;

    public ValueTask InitializeAsync()
    {
        // A small upload limit so the 413 test needs no large body.
        _host = new ApiHost(new Dictionary<string, string> { ["Datasets:Upload:MaxBytes"] = "100000" });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Upload_BeirZip_CreatedWithCountsSplitsAndLocation()
    {
        var (response, body) = await _host.SendAsync(HttpMethod.Post, Datasets, TinyBeir.ZipForm());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/datasets/{id}", response.Headers.Location?.ToString());
        Assert.Equal("tiny", body.GetProperty("name").GetString());
        Assert.Equal("beir", body.GetProperty("format").GetString());
        Assert.Equal(64, body.GetProperty("contentHash").GetString()!.Length);
        Assert.Equal((3, 2, 3), (body.GetProperty("documents").GetInt32(), body.GetProperty("queries").GetInt32(), body.GetProperty("judgments").GetInt32()));
        Assert.Equal("upload: tiny.zip", body.GetProperty("source").GetString());
        var splits = body.GetProperty("splits").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("queries").GetInt32(), s.GetProperty("judgments").GetInt32()));
        Assert.Equal([("dev", 1, 1), ("test", 2, 2)], splits);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_host.DataDirectory, "uploads")));
    }

    [Fact]
    public async Task Upload_FilesByPathWithFields_CreatedWithGivenNameAndSplit()
    {
        var files = TinyBeir.Files().Select(f => (f.Key, Encoding.UTF8.GetBytes(f.Value)));
        using var form = TinyBeir.Form(files, new Dictionary<string, string> { ["format"] = "beir", ["name"] = "Tiny dev", ["split"] = "dev" });

        var (response, body) = await _host.SendAsync(HttpMethod.Post, Datasets, form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Tiny dev", body.GetProperty("name").GetString());
        Assert.Equal("dev", Assert.Single(body.GetProperty("splits").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Upload_MalformedLine_422ListsFileAndLineAndWritesNothing()
    {
        var files = TinyBeir.Files();
        files["queries.jsonl"] = "{\"_id\": \"q1\", \"text\": \"fine\"}\n{\"_id\": \"q2\", \"text\": \n";
        var before = await CountsAsync();

        var (response, body) = await _host.SendAsync(HttpMethod.Post, Datasets, TinyBeir.ZipForm(files: files));

        ApiAssert.Problem(response, body, 422);
        var error = body.GetProperty("importErrors").EnumerateArray().First();
        Assert.Equal("queries.jsonl", error.GetProperty("file").GetString());
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(before, await CountsAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_host.DataDirectory, "uploads")));
    }

    [Fact]
    public async Task Upload_ZipWithTraversalEntry_400AndNothingWritten()
    {
        var files = TinyBeir.Files();
        files["../../escape.jsonl"] = "{}\n";
        var before = await CountsAsync();

        var (response, body) = await _host.SendAsync(HttpMethod.Post, Datasets, TinyBeir.ZipForm(files: files));

        ApiAssert.Problem(response, body, 400);
        Assert.Contains("unsafe path", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
        Assert.False(File.Exists(Path.Combine(_host.DataDirectory, "escape.jsonl")));
    }

    [Theory]
    [InlineData("../corpus.jsonl")]
    [InlineData("/etc/corpus.jsonl")]
    [InlineData("qrels\\..\\..\\test.tsv")]
    public async Task Upload_FileNameOutsideDataset_400(string fileName)
    {
        using var form = TinyBeir.Form([(fileName, "{}"u8.ToArray())]);

        var (response, body) = await _host.SendAsync(HttpMethod.Post, Datasets, form);

        ApiAssert.Problem(response, body, 400);
        Assert.Contains("not allowed", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_NotAZip_400()
    {
        using var form = TinyBeir.Form([("broken.zip", "not a zip"u8.ToArray())]);

        var (response, body) = await _host.SendAsync(HttpMethod.Post, Datasets, form);

        ApiAssert.Problem(response, body, 400);
        Assert.Contains("not a readable .zip", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_JsonBody_415WithMessage()
    {
        var (response, body) = await _host.SendAsync(HttpMethod.Post, Datasets, ApiAssert.Json(new { name = "x" }));

        ApiAssert.Problem(response, body, 415);
        Assert.Contains("application/json", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_OverSizeLimit_413WithLimitInMessage()
    {
        using var form = TinyBeir.Form([("big.zip", new byte[200_000])]);

        var (response, body) = await _host.SendAsync(HttpMethod.Post, Datasets, form);

        ApiAssert.Problem(response, body, 413);
        Assert.Contains("Datasets:Upload:MaxBytes", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_UnknownFormatAndNoFiles_ValidationProblemPerField()
    {
        using var form = new MultipartFormDataContent { { new StringContent("parquet"), "format" } };

        var (response, body) = await _host.SendAsync(HttpMethod.Post, Datasets, form);

        ApiAssert.Problem(response, body, 400);
        var errors = body.GetProperty("errors");
        Assert.Contains("beir, trec, jsonl or csv", errors.GetProperty("format")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("file", out _));
    }

    [Fact]
    public async Task Upload_NameLongerThanColumn_ValidationProblem()
    {
        var (response, body) = await _host.SendAsync(HttpMethod.Post, Datasets, TinyBeir.ZipForm(fields: new Dictionary<string, string> { ["name"] = new('n', 201) }));

        ApiAssert.Problem(response, body, 400);
        Assert.Contains("at most 200", body.GetProperty("errors").GetProperty("name")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_AfterUpload_NewestFirstWithTotalOfDatabase()
    {
        var (_, uploaded) = await _host.SendAsync(HttpMethod.Post, Datasets, TinyBeir.ZipForm());

        var (response, body) = await _host.GetAsync(Datasets);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await _host.DbAsync();
        var total = await db.Datasets.CountAsync(TestContext.Current.CancellationToken);
        ApiAssert.Page(body, 1, 50, total, total);
        Assert.Equal(uploaded.GetProperty("id").GetString(), body.GetProperty("items")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Get_Demo_NameHashCountsAndSplit()
    {
        var (demoId, hash) = await DemoDataset.FindAsync(_host.Factory);

        var (response, body) = await _host.GetAsync($"{Datasets}/{demoId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(hash, body.GetProperty("contentHash").GetString());
        Assert.Equal(201, body.GetProperty("documents").GetInt32());
        var split = Assert.Single(body.GetProperty("splits").EnumerateArray());
        Assert.Equal(("test", 50, 60), (split.GetProperty("name").GetString(), split.GetProperty("queries").GetInt32(), split.GetProperty("judgments").GetInt32()));
        Assert.True(body.TryGetProperty("createdAt", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/documents")]
    [InlineData("/queries")]
    [InlineData("/judgments")]
    public async Task Get_UnknownId_404Problem(string suffix)
    {
        var (response, body) = await _host.GetAsync($"{Datasets}/{Guid.NewGuid()}{suffix}");

        ApiAssert.Problem(response, body, 404);
    }

    [Fact]
    public async Task QueriesAndJudgments_BySplit_OnlyThatSplitsWithExternalIds()
    {
        var (_, uploaded) = await _host.SendAsync(HttpMethod.Post, Datasets, TinyBeir.ZipForm());
        var id = uploaded.GetProperty("id").GetGuid();

        var (_, all) = await _host.GetAsync($"{Datasets}/{id}/queries");
        var (_, dev) = await _host.GetAsync($"{Datasets}/{id}/queries?split=dev");
        var (_, devJudgments) = await _host.GetAsync($"{Datasets}/{id}/judgments?split=dev");
        var (_, documents) = await _host.GetAsync($"{Datasets}/{id}/documents?pageSize=2&page=2");

        Assert.Equal(["q1", "q2"], ApiAssert.Strings(all.GetProperty("items"), "externalId"));
        ApiAssert.Page(dev, 1, 50, total: 1, items: 1);
        Assert.Equal("q2", dev.GetProperty("items")[0].GetProperty("externalId").GetString());
        var judgment = Assert.Single(devJudgments.GetProperty("items").EnumerateArray());
        Assert.Equal(("q2", "d3", 0), (judgment.GetProperty("queryId").GetString(), judgment.GetProperty("documentId").GetString(), judgment.GetProperty("grade").GetInt32()));
        ApiAssert.Page(documents, 2, 2, total: 3, items: 1);
        Assert.Equal("Exercise", documents.GetProperty("items")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Delete_Unused_204AndRowsGone()
    {
        var (_, uploaded) = await _host.SendAsync(HttpMethod.Post, Datasets, TinyBeir.ZipForm());
        var id = uploaded.GetProperty("id").GetGuid();

        var (response, _) = await _host.SendAsync(HttpMethod.Delete, $"{Datasets}/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await using var db = await _host.DbAsync();
        Assert.False(await db.Datasets.AnyAsync(d => d.Id == id, TestContext.Current.CancellationToken));
        Assert.False(await db.Documents.AnyAsync(d => d.DatasetId == id, TestContext.Current.CancellationToken));
        Assert.False(await db.Judgments.AnyAsync(j => j.DatasetId == id, TestContext.Current.CancellationToken));
        var (again, body) = await _host.SendAsync(HttpMethod.Delete, $"{Datasets}/{id}");
        ApiAssert.Problem(again, body, 404);
    }

    [Fact]
    public async Task Delete_UsedByTest_409NamingTheTest()
    {
        var (demoId, _) = await DemoDataset.FindAsync(_host.Factory);
        await using (var db = await _host.DbAsync())
        {
            db.Tests.Add(new AbTest { Name = "chunk sizes", DatasetId = demoId, Definition = TestDefinitions.Stored("chunk sizes", demoId) });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (response, body) = await _host.SendAsync(HttpMethod.Delete, $"{Datasets}/{demoId}");

        ApiAssert.Problem(response, body, 409);
        Assert.Contains("'chunk sizes'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_WithCollections_409SayingToDeleteThemFirst()
    {
        var (demoId, _) = await DemoDataset.FindAsync(_host.Factory);
        await using (var db = await _host.DbAsync())
        {
            db.Collections.Add(new Collection { Fingerprint = new string('c', 64), DatasetId = demoId, ConfigurationJson = "{}", Provider = "hashing", Status = CollectionStatus.Ready });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (response, body) = await _host.SendAsync(HttpMethod.Delete, $"{Datasets}/{demoId}");

        ApiAssert.Problem(response, body, 409);
        Assert.Contains("collection", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<(int Datasets, int Documents, int Queries)> CountsAsync()
    {
        await using var db = await _host.DbAsync();
        var token = TestContext.Current.CancellationToken;
        return (await db.Datasets.CountAsync(token), await db.Documents.CountAsync(token), await db.Queries.CountAsync(token));
    }
}
