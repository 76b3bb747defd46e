using AbStudio.Tests.Web.Features.AbTests;
using AbStudio.Web.Features.Results.Components;
using Bunit;

namespace AbStudio.Tests.Web.Features.Results;

public sealed class SummaryTableTests : MudBlazorContext
{
    [Fact]
    public void Render_SignificantGain_ShowsEveryMeanMarksTheWinnerBestAndAnUpTriangle()
    {
        var summary = StoredSummaries.TwoArms(0.125, 0.004);

        var table = Render<SummaryTable>(p => p.Add(c => c.Summary, summary).Add(c => c.K, StoredSummaries.K));

        Assert.Equal(["@1", "@10"], table.FindAll("thead th.abstudio-num").Select(th => th.TextContent));
        var hashing = table.Find("tr[data-family='ndcg'][data-arm='hashing'] td[data-metric='ndcg@10']");
        Assert.StartsWith("0.625", hashing.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(("true", "better"), (hashing.GetAttribute("data-best"), hashing.GetAttribute("data-significance")));
        Assert.Contains("▲", hashing.TextContent, StringComparison.Ordinal);
        Assert.Contains("p = 0.004 against bm25", hashing.GetAttribute("title"), StringComparison.Ordinal);
        var bm25 = table.Find("tr[data-family='ndcg'][data-arm='bm25'] td[data-metric='ndcg@10']");
        Assert.Equal(("0.500", "false", "none"), (bm25.TextContent.Trim(), bm25.GetAttribute("data-best"), bm25.GetAttribute("data-significance")));
        Assert.Equal(6 * 2 * 2, table.FindAll("td[data-metric]").Count);
    }

    [Fact]
    public void Render_SignificantLoss_ShowsADownTriangle()
    {
        var table = Render<SummaryTable>(p => p.Add(c => c.Summary, StoredSummaries.TwoArms(-0.2, 0.01)).Add(c => c.K, StoredSummaries.K));

        var cell = table.Find("tr[data-family='map'][data-arm='hashing'] td[data-metric='map@1']");
        Assert.Contains("▼", cell.TextContent, StringComparison.Ordinal);
        Assert.Equal("worse", cell.GetAttribute("data-significance"));
    }

    [Fact]
    public void Render_LatencyTable_ShowsPercentilesAndOnlyStagesThatTookTime()
    {
        var table = Render<LatencyTable>(p => p.Add(c => c.Summary, StoredSummaries.TwoArms(0, 1)));

        var row = table.Find("tr[data-arm='hashing']");
        string Stat(string name) => row.QuerySelector($"td[data-stat='{name}']")!.TextContent;
        Assert.Equal(("1.50 ms", "4.00 ms", "5.00 ms"), (Stat("p50"), Stat("p95"), Stat("p99")));
        Assert.Equal("embed 1.50 ms · search 1.50 ms", row.QuerySelectorAll("td")[^1].TextContent.Trim());
    }
}
