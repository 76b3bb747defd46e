using AbStudio.Web.Features.Results.Charts;

namespace AbStudio.Tests.Web.Features.Results.Charts;

public sealed class LatencyCdfChartTests
{
    [Fact]
    public void Build_FewQueries_StepsThroughEverySortedLatency()
    {
        var figure = LatencyCdfChart.Build([new ArmValues("bm25", [3.0, 1.0, 2.0, 4.0])]);

        var cdf = Assert.Single(figure.Series);
        Assert.Equal([1.0, 2.0, 3.0, 4.0], cdf.X.Cast<double>());
        Assert.Equal([0.25, 0.5, 0.75, 1.0], cdf.Y);
        Assert.Equal(SeriesShape.Steps, cdf.Shape);
        Assert.True(figure.LogX);
    }

    [Theory]
    [InlineData(10_000, 200)]
    [InlineData(201, 200)]
    [InlineData(1_000, 10)]
    public void Build_ManyQueries_ThinsToMaxPointsKeepingFastestAndSlowest(int queries, int maxPoints)
    {
        var latencies = Enumerable.Range(1, queries).Select(i => (double)i).Reverse().ToArray();

        var cdf = Assert.Single(LatencyCdfChart.Build([new ArmValues("hashing", latencies)], maxPoints).Series);

        Assert.InRange(cdf.X.Count, 2, maxPoints);
        Assert.Equal((1.0, (double)queries), ((double)cdf.X[0], (double)cdf.X[^1]));
        Assert.Equal(1.0, cdf.Y[^1]);
        Assert.Equal(cdf.Y.Order(), cdf.Y);
    }
}
