using System.Net;
using System.Text.Json;

namespace AbStudio.Tests.Web.Features.AbTests;

/// <summary>
/// /api/v1/tests on a web-role host: no dispatcher, so a started run stays pending and the
/// conflicts of a run in progress can be checked without racing the worker.
/// </summary>
public sealed class TestsApiTests : IAsyncLifetime
{
    private const string Tests = "/api/v1/tests";
    private ApiHost _host = null!;
    private Guid _demo;

    public async ValueTask InitializeAsync()
    {
        _host = new ApiHost();
        (_demo, _) = await DemoDataset.FindAsync(_host.Factory);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_ValidDefinition_CreatedDraftWithArmsDefinitionAndLocation()
    {
        var (response, body) = await _host.SendAsync(HttpMethod.Post, Tests, TestDefinitions.Json(TestDefinitions.TwoArms(_demo)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"{Tests}/{id}", response.Headers.Location?.ToString());
        Assert.Equal(("draft", "ndcg@10", _demo), (body.GetProperty("status").GetString(), body.GetProperty("primaryMetric").GetString(), body.GetProperty("datasetId").GetGuid()));
        Assert.Equal(["bm25", "hashing"], ApiAssert.Strings(body.GetProperty("arms"), "name"));
        Assert.Equal("hashing", body.GetProperty("definition").GetProperty("arms")[1].GetProperty("embedding").GetProperty("provider").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("latestRun").ValueKind);
    }

    [Fact]
    public async Task Create_UnknownProviderAndKOutOfRange_400KeyedByDefinitionPath()
    {
        var json = TestDefinitions.TwoArms(_demo, hashingProvider: "nope", k: "0, 10");

        var (response, body) = await _host.SendAsync(HttpMethod.Post, Tests, TestDefinitions.Json(json));

        ApiAssert.Problem(response, body, 400);
        var errors = body.GetProperty("errors");
        Assert.Contains("'nope' is not a known provider", errors.GetProperty("arms[1].embedding.provider")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("between 1 and 1000", errors.GetProperty("k")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"name\": ", "name")]
    [InlineData("{ \"name\": \"x\", \"dataset\": { \"id\": \"00000000-0000-0000-0000-000000000001\" }, \"arms\": [], \"colour\": 1 }", "colour")]
    public async Task Create_MalformedOrUnknownField_400NamingWhere(string json, string path)
    {
        var (response, body) = await _host.SendAsync(HttpMethod.Post, Tests, TestDefinitions.Json(json));

        ApiAssert.Problem(response, body, 400);
        Assert.True(body.GetProperty("errors").TryGetProperty(path, out _), body.ToString());
    }

    [Fact]
    public async Task Create_DatasetPath_400SayingToUploadFirst()
    {
        var json = TestDefinitions.TwoArms(_demo).Replace($"\"id\": \"{_demo}\"", "\"path\": \"/data/scifact\"", StringComparison.Ordinal);

        var (response, body) = await _host.SendAsync(HttpMethod.Post, Tests, TestDefinitions.Json(json));

        ApiAssert.Problem(response, body, 400);
        Assert.Contains("upload it first", body.GetProperty("errors").GetProperty("dataset.path")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownDataset_400NamingIt()
    {
        var missing = Guid.NewGuid();

        var (response, body) = await _host.SendAsync(HttpMethod.Post, Tests, TestDefinitions.Json(TestDefinitions.TwoArms(missing)));

        ApiAssert.Problem(response, body, 400);
        Assert.Contains(missing.ToString(), body.GetProperty("errors").GetProperty("dataset.id")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WrongContentType_415()
    {
        var (response, body) = await _host.SendAsync(HttpMethod.Post, Tests, TestDefinitions.Text(TestDefinitions.TwoArms(_demo)));

        ApiAssert.Problem(response, body, 415);
    }

    [Fact]
    public async Task Create_OversizeBody_413()
    {
        var json = TestDefinitions.TwoArms(_demo).Replace("\"bm25 vs hashing\"", $"\"{new string('x', 1024 * 1024)}\"", StringComparison.Ordinal);

        var (response, body) = await _host.SendAsync(HttpMethod.Post, Tests, TestDefinitions.Json(json));

        ApiAssert.Problem(response, body, 413);
    }

    [Fact]
    public async Task Create_SameIdempotencyKeyAndBody_ReturnsTheFirstTest()
    {
        var json = TestDefinitions.TwoArms(_demo, name: "idempotent");
        var key = Guid.NewGuid().ToString();

        var (first, firstBody) = await _host.SendAsync(HttpMethod.Post, Tests, TestDefinitions.Json(json, key));
        var (retry, retryBody) = await _host.SendAsync(HttpMethod.Post, Tests, TestDefinitions.Json(json, key));
        var (other, otherBody) = await _host.SendAsync(HttpMethod.Post, Tests, TestDefinitions.Json(json.Replace("idempotent", "another", StringComparison.Ordinal), key));
        var (_, list) = await _host.GetAsync($"{Tests}?pageSize=500");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(firstBody.ToString(), retryBody.ToString());
        ApiAssert.Problem(other, otherBody, 409);
        Assert.Single(list.GetProperty("items").EnumerateArray(), t => t.GetProperty("name").GetString() == "idempotent");
    }

    [Fact]
    public async Task Create_IdempotencyKeyOfAFailedRequest_StaysFreeForTheFixedOne()
    {
        var key = Guid.NewGuid().ToString();

        var (bad, _) = await _host.SendAsync(HttpMethod.Post, Tests, TestDefinitions.Json(TestDefinitions.TwoArms(_demo, hashingProvider: "nope"), key));
        var (good, _) = await _host.SendAsync(HttpMethod.Post, Tests, TestDefinitions.Json(TestDefinitions.TwoArms(_demo), key));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.Created), (bad.StatusCode, good.StatusCode));
    }

    [Fact]
    public async Task List_PagedNewestFirstAndFilteredByStatus()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await CreateAsync($"list {i}")).GetProperty("id").GetGuid());
        }

        await _host.SendAsync(HttpMethod.Post, $"{Tests}/{ids[0]}/runs");

        var (_, page1) = await _host.GetAsync($"{Tests}?pageSize=2");
        var (_, page2) = await _host.GetAsync($"{Tests}?pageSize=2&page=2");
        var (_, past) = await _host.GetAsync($"{Tests}?pageSize=2&page=9");
        var (_, drafts) = await _host.GetAsync($"{Tests}?status=Draft");
        var (badResponse, bad) = await _host.GetAsync($"{Tests}?status=finished");
        var (sizeResponse, size) = await _host.GetAsync($"{Tests}?pageSize=501");

        ApiAssert.Page(page1, 1, 2, 3, 2);
        Assert.Equal([ids[2], ids[1]], page1.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
        Assert.Equal([ids[0]], page2.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
        ApiAssert.Page(past, 9, 2, 3, 0);
        Assert.Equal([ids[2], ids[1]], drafts.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
        ApiAssert.Problem(badResponse, bad, 400);
        Assert.True(bad.GetProperty("errors").TryGetProperty("status", out _));
        ApiAssert.Problem(sizeResponse, size, 400);
        Assert.True(size.GetProperty("errors").TryGetProperty("pageSize", out _));
    }

    [Fact]
    public async Task Start_202WithRunLocationHubHintAndPlans_SecondStart409_SummaryNotYet409()
    {
        var id = (await CreateAsync("start")).GetProperty("id").GetGuid();

        var (started, run) = await _host.SendAsync(HttpMethod.Post, $"{Tests}/{id}/runs");
        var (again, againBody) = await _host.SendAsync(HttpMethod.Post, $"{Tests}/{id}/runs");
        var runId = run.GetProperty("runId").GetGuid();
        var (_, test) = await _host.GetAsync($"{Tests}/{id}");
        var (_, arms) = await _host.GetAsync($"{Tests}/{id}/arms");
        var (summaryResponse, summary) = await _host.GetAsync($"/api/v1/runs/{runId}/summary");
        var (_, runState) = await _host.GetAsync($"/api/v1/runs/{runId}");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal($"/api/v1/runs/{runId}", started.Headers.Location?.ToString());
        Assert.Equal($"/api/v1/runs/{runId}", run.GetProperty("statusUrl").GetString());
        Assert.Equal(("/hubs/status", "Watch", "run"), (run.GetProperty("watch").GetProperty("hub").GetString(), run.GetProperty("watch").GetProperty("method").GetString(), run.GetProperty("watch").GetProperty("kind").GetString()));
        Assert.Equal("building", run.GetProperty("arms")[1].GetProperty("plan").GetString());
        ApiAssert.Problem(again, againBody, 409);
        Assert.Contains("already has a run in progress", againBody.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(runId, test.GetProperty("latestRun").GetProperty("id").GetGuid());
        var hashing = arms[1];
        Assert.Equal("building", hashing.GetProperty("collectionPlan").GetString());
        Assert.False(string.IsNullOrEmpty(hashing.GetProperty("collectionPlanReason").GetString()));
        Assert.Equal("pending", hashing.GetProperty("collection").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, arms[0].GetProperty("collection").ValueKind);
        ApiAssert.Problem(summaryResponse, summary, 409);
        Assert.Equal("pending", runState.GetProperty("status").GetString());
    }

    [Fact]
    public async Task CancelThenRetry_CancelledRunStartedAgain_DeleteRefusedWhileRunning()
    {
        var id = (await CreateAsync("cancel")).GetProperty("id").GetGuid();
        var (retryEarly, retryEarlyBody) = await _host.SendAsync(HttpMethod.Post, $"{Tests}/{id}/retry");
        var (cancelIdle, cancelIdleBody) = await _host.SendAsync(HttpMethod.Post, $"{Tests}/{id}/cancel");
        var (_, first) = await _host.SendAsync(HttpMethod.Post, $"{Tests}/{id}/runs");

        var (deleteRunning, deleteRunningBody) = await _host.SendAsync(HttpMethod.Delete, $"{Tests}/{id}");
        var (cancelled, cancelledBody) = await _host.SendAsync(HttpMethod.Post, $"{Tests}/{id}/cancel");
        var (retried, second) = await _host.SendAsync(HttpMethod.Post, $"{Tests}/{id}/retry");
        await _host.SendAsync(HttpMethod.Post, $"{Tests}/{id}/cancel");
        var (deleted, _) = await _host.SendAsync(HttpMethod.Delete, $"{Tests}/{id}");
        var (gone, goneBody) = await _host.GetAsync($"{Tests}/{id}");

        ApiAssert.Problem(retryEarly, retryEarlyBody, 409);
        ApiAssert.Problem(cancelIdle, cancelIdleBody, 409);
        ApiAssert.Problem(deleteRunning, deleteRunningBody, 409);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(("cancelled", "cancelled"), (cancelledBody.GetProperty("status").GetString(), cancelledBody.GetProperty("latestRun").GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.NotEqual(first.GetProperty("runId").GetGuid(), second.GetProperty("runId").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        ApiAssert.Problem(gone, goneBody, 404);
    }

    [Fact]
    public async Task Clone_NewDraftFromStoredDefinition_WithNameOrCopySuffix()
    {
        var id = (await CreateAsync("original")).GetProperty("id").GetGuid();

        var (named, namedBody) = await _host.SendAsync(HttpMethod.Post, $"{Tests}/{id}/clone", ApiAssert.Json(new { name = "renamed" }));
        var (unnamed, unnamedBody) = await _host.SendAsync(HttpMethod.Post, $"{Tests}/{id}/clone");
        var (missing, missingBody) = await _host.SendAsync(HttpMethod.Post, $"{Tests}/{Guid.NewGuid()}/clone");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (named.StatusCode, unnamed.StatusCode));
        Assert.Equal(("renamed", "draft"), (namedBody.GetProperty("name").GetString(), namedBody.GetProperty("status").GetString()));
        Assert.Equal("original (copy)", unnamedBody.GetProperty("name").GetString());
        Assert.NotEqual(id, namedBody.GetProperty("id").GetGuid());
        Assert.Equal(["bm25", "hashing"], ApiAssert.Strings(namedBody.GetProperty("arms"), "name"));
        ApiAssert.Problem(missing, missingBody, 404);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/arms")]
    [InlineData("POST", "/runs")]
    [InlineData("POST", "/retry")]
    [InlineData("POST", "/cancel")]
    [InlineData("DELETE", "")]
    public async Task UnknownTest_404Problem(string method, string suffix)
    {
        var (response, body) = await _host.SendAsync(new HttpMethod(method), $"{Tests}/{Guid.NewGuid()}{suffix}");

        ApiAssert.Problem(response, body, 404);
    }

    private async Task<JsonElement> CreateAsync(string name)
    {
        var (response, body) = await _host.SendAsync(HttpMethod.Post, Tests, TestDefinitions.Json(TestDefinitions.TwoArms(_demo, name: name)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return body;
    }
}
