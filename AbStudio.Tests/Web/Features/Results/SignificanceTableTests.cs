using AbStudio.Tests.Web.Features.AbTests;
using AbStudio.Web.Features.Results.Components;
using Bunit;

namespace AbStudio.Tests.Web.Features.Results;

public sealed class SignificanceTableTests : MudBlazorContext
{
    [Fact]
    public void Render_Metric_ShowsThePairsDifferenceIntervalEveryPValueHolmEffectAndCounts()
    {
        var summary = StoredSummaries.TwoArms(0.1, 0.0312);

        var table = Render<SignificanceTable>(p => p.Add(c => c.Summary, summary).Add(c => c.Metric, "ndcg@10"));

        var row = table.Find("tr[data-arm-a='bm25'][data-arm-b='hashing']");
        string Stat(string name) => row.QuerySelector($"[data-stat='{name}']")!.TextContent.Trim();
        Assert.Equal("0.600 vs 0.500", Stat("means"));
        Assert.Equal("+0.100", Stat("difference"));
        Assert.Equal("[+0.080, +0.130]", Stat("ci"));
        Assert.Equal(("0.503", "0.041", "< 0.001", "0.021"), (Stat("sign"), Stat("t"), Stat("wilcoxon"), Stat("randomization")));
        Assert.Equal(("0.031", "0.062"), (Stat("randomization-holm"), Stat("sign-holm")));
        Assert.Equal(("0.46", "12 / 30 / 8"), (Stat("dz"), Stat("wtl")));
        Assert.Contains("abstudio-best", row.QuerySelector("[data-stat='randomization-holm']")!.ClassName, StringComparison.Ordinal);
        Assert.Single(table.FindAll("tbody tr"));
    }

    [Fact]
    public void Render_MetricTheRunDidNotCompute_ShowsNoRows()
    {
        var table = Render<SignificanceTable>(p => p.Add(c => c.Summary, StoredSummaries.TwoArms(0.1, 0.01)).Add(c => c.Metric, "ndcg@5"));

        Assert.Empty(table.FindAll("tbody tr"));
    }
}
