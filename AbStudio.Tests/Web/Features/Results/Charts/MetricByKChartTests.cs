using AbStudio.Web.Features.Results.Charts;

namespace AbStudio.Tests.Web.Features.Results.Charts;

public sealed class MetricByKChartTests
{
    [Fact]
    public void Build_Family_LinePerArmThroughItsMeansInKOrder()
    {
        var figure = MetricByKChart.Build(StoredSummaries.TwoArms(0.25, 0.01), "recall", [10, 1]);

        Assert.Equal(["bm25", "hashing"], figure.Series.Select(s => s.Name));
        Assert.All(figure.Series, s => Assert.Equal([1, 10], s.X.Cast<int>()));
        Assert.Equal([0.75, 0.75], figure.Series[1].Y);
        Assert.True(figure.CategoricalX);
    }

    [Fact]
    public void Build_KTheRunDidNotCompute_IsAGapNotAZero()
    {
        var figure = MetricByKChart.Build(StoredSummaries.TwoArms(0, 1), "ndcg", [1, 5]);

        Assert.True(double.IsNaN(figure.Series[0].Y[1]));
    }
}
