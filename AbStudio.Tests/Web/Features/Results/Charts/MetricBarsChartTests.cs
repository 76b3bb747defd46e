using AbStudio.Domain.Evaluation.Statistics;
using AbStudio.Web.Features.Results.Charts;

namespace AbStudio.Tests.Web.Features.Results.Charts;

public sealed class MetricBarsChartTests
{
    private static readonly PairedComparisonOptions Statistics = new() { BootstrapResamples = 500 };

    [Fact]
    public void Build_TwoArms_BarPerArmAtItsMeanWithWhiskersAroundIt()
    {
        var figure = MetricBarsChart.Build("ndcg@10", [new ArmValues("bm25", [0, 1, 1, 0, 1]), new ArmValues("hashing", [0.2, 0.4, 0.6, 0.8, 1])], Statistics);

        Assert.Equal(["bm25", "hashing"], figure.Series.Select(s => s.Name));
        Assert.Equal([0.6, 0.6], figure.Series.Select(s => s.Y[0]), new Tolerance(1e-12));
        Assert.All(figure.Series, s => Assert.True(s.ErrorBelow![0] > 0 && s.ErrorAbove![0] > 0));
        Assert.True(figure.Series[0].ErrorAbove![0] > figure.Series[1].ErrorAbove![0], "the 0/1 arm varies more, so its interval is wider");
        Assert.Equal((true, true, false), (figure.CategoricalX, figure.OverlayBars, figure.ShowLegend));
    }

    [Fact]
    public void Build_ConstantValues_HasNoWhiskers()
    {
        var figure = MetricBarsChart.Build("hit@1", [new ArmValues("bm25", [1, 1, 1])], Statistics);

        Assert.Equal((1.0, 0.0, 0.0), (figure.Series[0].Y[0], figure.Series[0].ErrorBelow![0], figure.Series[0].ErrorAbove![0]));
    }

    [Fact]
    public void Build_SameSeed_GivesTheSameInterval()
    {
        ArmValues[] arms = [new ArmValues("bm25", [0.1, 0.9, 0.4, 0.7, 0.3, 0.2])];

        Assert.Equal(MetricBarsChart.Build("m", arms, Statistics).Series[0].ErrorAbove, MetricBarsChart.Build("m", arms, Statistics).Series[0].ErrorAbove);
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
