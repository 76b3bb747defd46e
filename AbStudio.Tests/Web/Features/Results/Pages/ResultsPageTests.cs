using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs.Results;
using AbStudio.Domain.Runs.Summary;
using AbStudio.Tests.Web.Features.AbTests;
using AbStudio.Web.Features.Results;
using AbStudio.Web.Features.Results.Pages;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Features.Results.Pages;

/// <summary>The results page rendered from a real completed run of the demo dataset, read through the host's services.</summary>
public sealed class ResultsPageTests : IAsyncLifetime
{
    private readonly AbStudioWebFactory _factory = new();
    private readonly PageContext _bunit = new();
    private Guid _testId;
    private Guid _runId;

    public async ValueTask InitializeAsync()
    {
        var (testId, runId) = await CompletedRuns.CreateAsync(_factory);
        (_testId, _runId) = (testId, runId!.Value);
        _bunit.Services.AddSingleton(_factory.Services.GetRequiredService<ResultsQueries>());
        _bunit.Services.AddSingleton(_factory.Services.GetRequiredService<QueryComparison>());
    }

    public async ValueTask DisposeAsync()
    {
        await _bunit.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Render_CompletedRun_ShowsTheStoredSummarySignificanceChartsAndAPageOfQueries()
    {
        var summary = await StoredSummaryAsync();

        var page = _bunit.Render<ResultsPage>(p => p.Add(c => c.Id, _testId));

        page.WaitForElement(".abstudio-summary-table", TimeSpan.FromSeconds(10));
        foreach (var arm in summary.Arms)
        {
            foreach (var metric in new[] { "ndcg@1", "ndcg@10", "recall@10", "map@10" })
            {
                var cell = page.Find($".abstudio-summary-table tr[data-arm='{arm.Name}'] td[data-metric='{metric}']");
                Assert.StartsWith(ResultsText.Mean(arm.Means[metric]), cell.TextContent.Trim(), StringComparison.Ordinal);
            }
        }

        var ndcg = summary.Comparisons.Single(c => c.Metric == "ndcg@10");
        var row = page.Find(".abstudio-significance-table tr[data-arm-a='bm25'][data-arm-b='hashing']");
        Assert.Equal(ResultsText.Difference(ndcg.Statistics.MeanDifference), row.QuerySelector("[data-stat='difference']")!.TextContent);
        Assert.Equal(ResultsText.P(ndcg.RandomizationPHolm), row.QuerySelector("[data-stat='randomization-holm']")!.TextContent);
        Assert.Equal(["metric-bars", "metric-by-k", "difference-histogram", "latency-cdf"], page.FindAll("figure[data-chart]").Select(f => f.GetAttribute("data-chart")));
        page.WaitForAssertion(() => Assert.Equal(50, page.FindAll(".abstudio-query-grid a.abstudio-query-link").Count), TimeSpan.FromSeconds(10));
        Assert.All(page.FindAll(".abstudio-query-grid a.abstudio-query-link"), a => Assert.Contains($"?run={_runId}&metric=ndcg%4010", a.GetAttribute("href"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_TestThatHasNotRun_SaysSoAndLinksToTheLiveDetailPage()
    {
        var (idle, _) = await CompletedRuns.CreateAsync(_factory, start: false);

        var page = _bunit.Render<ResultsPage>(p => p.Add(c => c.Id, idle));

        page.WaitForElement(".abstudio-results-pending", TimeSpan.FromSeconds(10));
        Assert.Contains("has not run yet", page.Find(".abstudio-results-pending").TextContent, StringComparison.Ordinal);
        Assert.Contains(page.FindAll(".abstudio-results-pending a"), a => a.GetAttribute("href") == $"tests/{idle}");
        Assert.Empty(page.FindAll(".abstudio-summary-table"));
    }

    [Fact]
    public void Render_UnknownTest_SaysNotFound()
    {
        var page = _bunit.Render<ResultsPage>(p => p.Add(c => c.Id, Guid.NewGuid()));

        page.WaitForAssertion(() => Assert.Equal("Test not found", page.Find("h1").TextContent), TimeSpan.FromSeconds(10));
    }

    private async Task<StoredRunSummary> StoredSummaryAsync()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>().CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken);
        return StoredRunSummary.Read((await db.Runs.SingleAsync(r => r.Id == _runId, Xunit.TestContext.Current.CancellationToken)).SummaryJson!);
    }

    private sealed class PageContext : MudBlazorContext;
}
