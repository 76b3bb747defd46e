using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Domain.Runs.Results;
using AbStudio.Domain.Runs.Summary;
using AbStudio.Web.Features.AbTests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Features.Results;

/// <summary>The per-query grid and the query drill-down, over a real run of the demo dataset.</summary>
public sealed class RunResultQueriesTests : IAsyncLifetime
{
    private readonly AbStudioWebFactory _factory = new();
    private Guid _runId;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _runId = (await CompletedRuns.CreateAsync(_factory)).RunId!.Value;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private Task<ResultPage<QueryComparisonRow>> PageAsync(int page, int pageSize, QueryOutcomeFilter filter = QueryOutcomeFilter.All, QueryOrder order = QueryOrder.Query, string metric = "ndcg@10") =>
        _factory.Services.GetRequiredService<QueryComparison>().PageAsync(new QueryComparisonRequest(_runId, metric, page, pageSize) { Filter = filter, Order = order }, Token);

    [Fact]
    public async Task Pages_OfTwentyCoverEveryQueryOnceAndPastTheEndIsEmptyWithTheTotal()
    {
        var pages = new[] { await PageAsync(1, 20), await PageAsync(2, 20), await PageAsync(3, 20) };
        var beyond = await PageAsync(4, 20);
        var whole = await PageAsync(1, 500);

        Assert.All(pages, p => Assert.Equal(50, p.Total));
        Assert.Equal([20, 20, 10], pages.Select(p => p.Items.Count));
        Assert.Equal(whole.Items.Select(r => r.QueryId), pages.SelectMany(p => p.Items).Select(r => r.QueryId));
        Assert.Equal(50, whole.Items.Select(r => r.QueryId).Distinct().Count());
        Assert.Empty(beyond.Items);
        Assert.Equal(50, beyond.Total);
    }

    [Fact]
    public async Task Summary_EveryArmAndMetric_MeanEqualsTheMeanOfTheStoredPerQueryValues()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>().CreateDbContextAsync(Token);
        var run = await db.Runs.AsNoTracking().Include(r => r.Test).SingleAsync(r => r.Id == _runId, Token);
        var stored = StoredRunSummary.Read(run.SummaryJson!);
        var analysed = (await _factory.Services.GetRequiredService<RunResultsReader>().ReadAsync(_runId, cancellationToken: Token)).Analyse(Token);
        var rows = await db.QueryResults.AsNoTracking().Where(r => r.RunId == _runId)
            .Select(r => new { Arm = r.Arm!.Name, r.MetricsJson }).ToListAsync(Token);
        var metrics = RunMetrics.For(run.Test!.KValues).Select(m => m.Name).ToList();

        Assert.Equal(2, stored.Arms.Count);
        foreach (var arm in stored.Arms)
        {
            var values = rows.Where(r => r.Arm == arm.Name).Select(r => QueryResultJson.ReadMetrics(r.MetricsJson)).ToList();
            Assert.Equal(50, values.Count);
            Assert.Equal(metrics, arm.Means.Keys);
            foreach (var metric in metrics)
            {
                var mean = values.Average(v => v[metric]);
                Assert.Equal(mean, arm.Means[metric], 12);
                Assert.Equal(mean, analysed.Arms.Single(a => a.ArmName == arm.Name).Means[metric], 12);
            }
        }
    }

    [Fact]
    public async Task WinsAndLosses_AgreeWithTheStoredComparisonAndSortByTheDifference()
    {
        var wins = await PageAsync(1, 500, QueryOutcomeFilter.Wins, QueryOrder.DifferenceDescending);
        var losses = await PageAsync(1, 500, QueryOutcomeFilter.Losses, QueryOrder.DifferenceAscending);
        var ties = await PageAsync(1, 500, QueryOutcomeFilter.Ties);

        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>().CreateDbContextAsync(Token);
        var summary = StoredRunSummary.Read((await db.Runs.SingleAsync(r => r.Id == _runId, Token)).SummaryJson!);
        var comparison = summary.Comparisons.Single(c => c.Metric == "ndcg@10").Statistics;
        Assert.Equal((comparison.Wins, comparison.Losses, comparison.Ties), (wins.Total, losses.Total, ties.Total));
        Assert.All(wins.Items, r => Assert.Equal(r.Values["hashing"] - r.Values["bm25"], r.Difference));
        Assert.Equal(wins.Items.Select(r => r.Difference).OrderDescending(), wins.Items.Select(r => r.Difference));
        Assert.Equal(losses.Items.Select(r => r.Difference).Order(), losses.Items.Select(r => r.Difference));
        Assert.All(losses.Items, r => Assert.True(r.Difference < 0));
    }

    [Fact]
    public async Task UnknownMetricOrArm_IsRefusedNamingTheFieldAndWhatExists()
    {
        var metric = await Assert.ThrowsAsync<ResultsRequestException>(() => PageAsync(1, 50, metric: "ndcg@7"));
        var arm = await Assert.ThrowsAsync<ResultsRequestException>(() =>
            _factory.Services.GetRequiredService<QueryComparison>().PageAsync(new QueryComparisonRequest(_runId, "ndcg@10", 1, 50) { ArmB = "dense" }, Token));

        Assert.Equal("metric", metric.Field);
        Assert.Contains("ndcg@10", metric.Message, StringComparison.Ordinal);
        Assert.Equal("armB", arm.Field);
        Assert.Equal("The test has no arm 'dense'; its arms are bm25, hashing.", arm.Message);
    }

    [Fact]
    public async Task DrillDown_ShowsBothRankingsWithJudgedGradesAndFlagsUnjudgedDocuments()
    {
        var first = (await PageAsync(1, 1)).Items[0];

        var detail = await _factory.Services.GetRequiredService<QueryDrillDown>().ReadAsync(_runId, first.QueryId, depth: 10, Token);

        Assert.Equal(["bm25", "hashing"], detail.Arms.Select(a => a.Arm));
        Assert.NotEmpty(detail.Judged);
        var judged = detail.Judged.ToDictionary(j => j.DocumentId, j => j.Grade);
        foreach (var arm in detail.Arms)
        {
            Assert.Equal(Enumerable.Range(1, arm.Ranking.Count), arm.Ranking.Select(r => r.Rank));
            Assert.All(arm.Ranking, r => Assert.Equal(judged.TryGetValue(r.DocumentId, out var g) ? g : null, r.Grade));
            var found = arm.Ranking.Any(r => r.Grade > 0) ? 1.0 : 0.0;
            Assert.Equal(found, arm.Metrics["hit@10"]);
            Assert.Equal(first.Values[arm.Arm], arm.Metrics["ndcg@10"]);
        }

        Assert.Contains(detail.Arms.SelectMany(a => a.Ranking), r => r.Grade is null && r.Title is not null);
    }
}
