using System.Net;
using System.Text.Json;

namespace AbStudio.Tests.Web.Features.Runs;

/// <summary>One completed run of the demo dataset (50 queries, bm25 against hashing), worked by the host's own dispatcher.</summary>
public sealed class DemoRunFixture : IAsyncLifetime
{
    public ApiHost Host { get; private set; } = null!;

    public Guid RunId { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Host = new ApiHost(role: "all");
        var (demo, _) = await DemoDataset.FindAsync(Host.Factory);
        (_, RunId) = await CompletedRun.CreateAndRunAsync(Host, TestDefinitions.TwoArms(demo), TimeSpan.FromSeconds(90));
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>/api/v1/runs: a run's state, summary, significance, per-query results and drill-down.</summary>
public sealed class RunsApiTests(DemoRunFixture run) : IClassFixture<DemoRunFixture>
{
    private string Run => $"/api/v1/runs/{run.RunId}";

    [Fact]
    public async Task Get_CompletedRun_StatusProgressAndTimestamps()
    {
        var (response, body) = await run.Host.GetAsync(Run);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("completed", body.GetProperty("status").GetString());
        Assert.Equal((100, 100, 100.0), (body.GetProperty("progress").GetProperty("done").GetInt32(), body.GetProperty("progress").GetProperty("total").GetInt32(), body.GetProperty("progress").GetProperty("percent").GetDouble()));
        Assert.Equal(JsonValueKind.String, body.GetProperty("completedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Summary_EveryMetricAtEveryKAndLatencyPercentilesPerArm()
    {
        var (response, body) = await run.Host.GetAsync($"{Run}/summary");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((50, "ndcg@10"), (body.GetProperty("queries").GetInt32(), body.GetProperty("primaryMetric").GetString()));
        Assert.Equal(["bm25", "hashing"], ApiAssert.Strings(body.GetProperty("arms"), "arm"));
        foreach (var arm in body.GetProperty("arms").EnumerateArray())
        {
            var means = arm.GetProperty("means");
            foreach (var metric in new[] { "ndcg", "recall", "mrr", "hit", "p", "map" })
            {
                Assert.InRange(means.GetProperty($"{metric}@1").GetDouble(), 0, 1);
                Assert.InRange(means.GetProperty($"{metric}@10").GetDouble(), 0, 1);
            }

            var total = arm.GetProperty("totalLatency");
            Assert.True(total.GetProperty("p50").GetDouble() <= total.GetProperty("p99").GetDouble());
            Assert.Equal(50, total.GetProperty("count").GetInt32());
            Assert.True(arm.GetProperty("stageLatency").TryGetProperty("search", out _), arm.GetProperty("stageLatency").ToString());
        }
    }

    [Fact]
    public async Task Significance_EveryMetricOrOneWithAllStatistics()
    {
        var (_, all) = await run.Host.GetAsync($"{Run}/significance");
        var (response, one) = await run.Host.GetAsync($"{Run}/significance?metric=ndcg@10");
        var (badResponse, bad) = await run.Host.GetAsync($"{Run}/significance?metric=ndcg@7");

        Assert.Equal(12, all.GetProperty("comparisons").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var comparison = Assert.Single(one.GetProperty("comparisons").EnumerateArray());
        Assert.Equal(("ndcg@10", "bm25", "hashing"), (comparison.GetProperty("metric").GetString(), comparison.GetProperty("armA").GetString(), comparison.GetProperty("armB").GetString()));
        Assert.Equal(50, comparison.GetProperty("wins").GetInt32() + comparison.GetProperty("ties").GetInt32() + comparison.GetProperty("losses").GetInt32());
        Assert.Equal(comparison.GetProperty("meanB").GetDouble() - comparison.GetProperty("meanA").GetDouble(), comparison.GetProperty("meanDifference").GetDouble(), 9);
        foreach (var p in new[] { "randomization", "tTest", "wilcoxon", "signTest" })
        {
            Assert.InRange(comparison.GetProperty("pValues").GetProperty(p).GetDouble(), 0, 1);
        }

        Assert.True(comparison.GetProperty("holm").GetProperty("randomization").GetDouble() >= comparison.GetProperty("pValues").GetProperty("randomization").GetDouble());
        Assert.True(comparison.GetProperty("ci").GetProperty("lower").GetDouble() <= comparison.GetProperty("ci").GetProperty("upper").GetDouble());
        Assert.Equal(JsonValueKind.Number, comparison.GetProperty("effectSize").ValueKind);
        ApiAssert.Problem(badResponse, bad, 400);
        Assert.Contains("ndcg@10", bad.GetProperty("errors").GetProperty("metric")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_PagesCoverEveryQueryOnce_AndPastTheEndIsEmpty()
    {
        var seen = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var (_, body) = await run.Host.GetAsync($"{Run}/results?pageSize=20&page={page}");
            ApiAssert.Page(body, page, 20, 50, page < 3 ? 20 : 10);
            seen.AddRange(ApiAssert.Strings(body.GetProperty("items"), "queryId"));
        }

        var (_, past) = await run.Host.GetAsync($"{Run}/results?pageSize=20&page=10000000");
        var (_, all) = await run.Host.GetAsync($"{Run}/results?pageSize=500");

        Assert.Equal(50, seen.Distinct().Count());
        Assert.Equal(seen, ApiAssert.Strings(all.GetProperty("items"), "queryId"));
        ApiAssert.Page(past, 10000000, 20, 50, 0);
    }

    [Fact]
    public async Task Results_FilterAndSortByDifference_SeenFromArmBAgainstArmA()
    {
        var (_, wins) = await run.Host.GetAsync($"{Run}/results?metric=recall@10&filter=wins&sort=difference&pageSize=500");
        var (_, losses) = await run.Host.GetAsync($"{Run}/results?metric=recall@10&filter=losses&sort=-difference&pageSize=500");
        var (_, ties) = await run.Host.GetAsync($"{Run}/results?metric=recall@10&filter=ties&pageSize=500");
        var (_, swapped) = await run.Host.GetAsync($"{Run}/results?metric=recall@10&armA=hashing&armB=bm25&filter=wins&pageSize=500");

        var winDifferences = Differences(wins);
        Assert.All(winDifferences, d => Assert.True(d > 0));
        Assert.Equal(winDifferences.OrderDescending(), winDifferences);
        Assert.All(Differences(losses), d => Assert.True(d < 0));
        Assert.Equal(Differences(losses).Order(), Differences(losses));
        Assert.Equal(50, wins.GetProperty("total").GetInt32() + losses.GetProperty("total").GetInt32() + ties.GetProperty("total").GetInt32());
        Assert.Equal(losses.GetProperty("total").GetInt32(), swapped.GetProperty("total").GetInt32());
        var row = (wins.GetProperty("items").GetArrayLength() > 0 ? wins : losses).GetProperty("items")[0];
        Assert.Equal(["bm25", "hashing"], row.GetProperty("values").EnumerateObject().Select(v => v.Name).Order(StringComparer.Ordinal));
        Assert.Equal(row.GetProperty("values").GetProperty("hashing").GetDouble() - row.GetProperty("values").GetProperty("bm25").GetDouble(), row.GetProperty("difference").GetDouble(), 9);
    }

    [Theory]
    [InlineData("metric=ndcg@7", "metric")]
    [InlineData("armA=nobody", "armA")]
    [InlineData("armB=nobody", "armB")]
    [InlineData("filter=better", "filter")]
    [InlineData("sort=score", "sort")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task Results_BadParameter_400NamingIt(string query, string field)
    {
        var (response, body) = await run.Host.GetAsync($"{Run}/results?{query}");

        ApiAssert.Problem(response, body, 400);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task Query_DrillDown_EachArmsRankingWithGradesAndUnjudgedFlagged()
    {
        var (_, first) = await run.Host.GetAsync($"{Run}/results?pageSize=1");
        var queryId = first.GetProperty("items")[0].GetProperty("queryId").GetString();

        var (response, body) = await run.Host.GetAsync($"{Run}/queries/{queryId}?depth=5");
        var (missing, missingBody) = await run.Host.GetAsync($"{Run}/queries/no-such-query");
        var (deep, deepBody) = await run.Host.GetAsync($"{Run}/queries/{queryId}?depth=0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(queryId, body.GetProperty("queryId").GetString());
        Assert.Equal(["bm25", "hashing"], ApiAssert.Strings(body.GetProperty("arms"), "arm"));
        var ranking = body.GetProperty("arms")[0].GetProperty("ranking");
        Assert.Equal(5, ranking.GetArrayLength());
        Assert.Equal([1, 2, 3, 4, 5], ranking.EnumerateArray().Select(r => r.GetProperty("rank").GetInt32()));
        var judged = body.GetProperty("judged").EnumerateArray().Select(j => j.GetProperty("documentId").GetString()).ToHashSet();
        Assert.NotEmpty(judged);
        Assert.All(body.GetProperty("arms").EnumerateArray().SelectMany(a => a.GetProperty("ranking").EnumerateArray()), r =>
            Assert.Equal(judged.Contains(r.GetProperty("documentId").GetString()), r.GetProperty("grade").ValueKind == JsonValueKind.Number));
        ApiAssert.Problem(missing, missingBody, 404);
        ApiAssert.Problem(deep, deepBody, 400);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/summary")]
    [InlineData("/significance")]
    [InlineData("/results")]
    [InlineData("/queries/q1")]
    public async Task UnknownRun_404Problem(string suffix)
    {
        var (response, body) = await run.Host.GetAsync($"/api/v1/runs/{Guid.NewGuid()}{suffix}");

        ApiAssert.Problem(response, body, 404);
    }

    private static List<double> Differences(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("difference").GetDouble())];
}
