using System.Text.RegularExpressions;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Domain.Runs.Summary;
using AbStudio.E2E.Pages;
using AbStudio.E2E.Support;
using AbStudio.Web.Features.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AbStudio.E2E;

public sealed class TestResultsTests(AppHostFixture host)
{
    [Fact]
    public async Task Results_OfACompletedTwoArmRun_ShowTheStoredNumbersChartsAndAQueryDrillDown()
    {
        var shell = new ShellPage(await host.OpenAsync("/tests/new"));
        await shell.WaitForInteractiveAsync();
        var designer = new TestDesignerPage(shell.Page);
        // A name the console test's "bm25 vs hashing" link lookup does not also match: both run on one host.
        await designer.FillAsync("name", "hashing against bm25");
        await designer.FillAsync("arms[1].name", "hashing");
        await designer.SelectAsync("arms[1].embedding.provider", "hashing");
        await designer.CreateAndStartButton.ClickAsync();
        await shell.Page.WaitForURLAsync(new Regex(@"/tests/[0-9a-f-]{36}$"));
        var detail = new TestDetailPage(shell.Page);
        await Expect(detail.TestStatus("completed")).ToBeVisibleAsync(new() { Timeout = 120_000 });

        await detail.ResultsLink.ClickAsync();
        await shell.Page.WaitForURLAsync(new Regex(@"/tests/[0-9a-f-]{36}/results$"));
        var results = new TestResultsPage(shell.Page);
        await Expect(shell.Heading).ToHaveTextAsync("Results: hashing against bm25");
        var summary = await StoredSummaryAsync(new Guid(shell.Page.Url.Split('/')[^2]));
        foreach (var arm in summary.Arms)
        {
            await Expect(results.SummaryCell(arm.Name, "ndcg@10")).ToContainTextAsync(ResultsText.Mean(arm.Means["ndcg@10"]));
        }

        var ndcg = summary.Comparisons.Single(c => c.Metric == "ndcg@10");
        await Expect(results.Significance("bm25", "hashing", "difference")).ToHaveTextAsync(ResultsText.Difference(ndcg.Statistics.MeanDifference));
        await Expect(results.Significance("bm25", "hashing", "wtl")).ToHaveTextAsync($"{ndcg.Statistics.Wins} / {ndcg.Statistics.Ties} / {ndcg.Statistics.Losses}");
        foreach (var chart in new[] { "metric-bars", "metric-by-k", "difference-histogram", "latency-cdf" })
        {
            // plotly.js (3.7 MB) loads on first use; on a busy machine that takes longer than the default 5 s.
            await Expect(results.DrawnChart(chart)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }

        await Expect(results.QueryLinks).ToHaveCountAsync(50);
        await shell.ScreenshotAsync("test-results");
        await shell.ScreenScreenshotAsync("screen-results");
        await shell.DarkThemeButton.ClickAsync();
        await shell.ScreenshotAsync("test-results-dark");
        await shell.LightThemeButton.ClickAsync();

        // The export buttons download the run: CSV with a row per query and arm, XLSX with its four sheets.
        var csv = await DownloadAsync(shell.Page, "csv");
        var lines = (await File.ReadAllLinesAsync(csv, TestContext.Current.CancellationToken)).Where(l => l.Length > 0).ToList();
        Assert.StartsWith("schema_version,", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(1 + (summary.Queries * summary.Arms.Count), lines.Count);
        await using (var xlsx = File.OpenRead(await DownloadAsync(shell.Page, "xlsx")))
        using (var workbook = new ClosedXML.Excel.XLWorkbook(xlsx))
        {
            Assert.Equal(["Summary", "Significance", "Per-query", "About"], workbook.Worksheets.Select(w => w.Name));
            Assert.Equal(summary.Queries + 1, workbook.Worksheet("Per-query").RowsUsed().Count());
        }

        // A query hashing loses is one where bm25 found judged documents: the drill-down then shows grades on both sides.
        await results.OutcomeFilter("losses").ClickAsync();
        await Expect(results.QueryLinks).Not.ToHaveCountAsync(50);
        var queryId = await results.QueryLinks.First.InnerTextAsync();
        await results.QueryLinks.First.ClickAsync();
        await shell.Page.WaitForURLAsync(new Regex(@"/results/queries/[^/?]+\?run="));
        await Expect(shell.Heading).ToHaveTextAsync($"Query {queryId}");
        await Expect(results.ArmAnswer("bm25").Locator(".abstudio-grade[data-grade='1'], .abstudio-grade[data-grade='2']").First).ToBeVisibleAsync();
        await Expect(results.ArmAnswer("bm25").Locator(".abstudio-grade").First).ToBeVisibleAsync();
        await Expect(results.ArmAnswer("hashing").Locator(".abstudio-grade").First).ToBeVisibleAsync();
        await Expect(shell.Page.Locator(".abstudio-judged-table .abstudio-grade").First).ToBeVisibleAsync();
        await shell.ScreenshotAsync("test-results-query");
        await shell.ScreenScreenshotAsync("screen-results-query");
    }

    private static async Task<string> DownloadAsync(IPage page, string format)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-export='{format}']").ClickAsync());
        Assert.EndsWith($".{format}", download.SuggestedFilename, StringComparison.Ordinal);
        return await download.PathAsync();
    }

    private async Task<StoredRunSummary> StoredSummaryAsync(Guid testId)
    {
        var contexts = host.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var json = await db.Runs.Where(r => r.TestId == testId && r.Status == RunStatus.Completed).OrderByDescending(r => r.CreatedAt)
            .Select(r => r.SummaryJson).FirstAsync(TestContext.Current.CancellationToken);
        return StoredRunSummary.Read(json!);
    }
}
