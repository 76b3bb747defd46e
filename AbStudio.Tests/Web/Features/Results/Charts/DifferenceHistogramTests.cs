using AbStudio.Web.Features.Results.Charts;

namespace AbStudio.Tests.Web.Features.Results.Charts;

public sealed class DifferenceHistogramTests
{
    [Theory]
    [InlineData(0.05, "wins", 0.05)]
    [InlineData(0.1, "wins", 0.05)]
    [InlineData(0.1000001, "wins", 0.15)]
    [InlineData(1.0, "wins", 0.95)]
    [InlineData(-0.05, "losses", -0.05)]
    [InlineData(-0.35, "losses", -0.35)]
    [InlineData(-1.0, "losses", -0.95)]
    public void Build_OneDifference_LandsInTheBinCentredAt(double difference, string series, double centre)
    {
        var figure = DifferenceHistogram.Build("ndcg@10", "bm25", "hashing", [difference]);

        var bars = figure.Series.Single(s => s.Name.StartsWith(series, StringComparison.Ordinal));
        Assert.Equal(centre, Assert.IsType<double>(Assert.Single(bars.X)), 9);
        Assert.Equal([1.0], bars.Y);
    }

    [Fact]
    public void Build_MixedDifferences_CountsTiesApartAndLossesLeftToRight()
    {
        var figure = DifferenceHistogram.Build("ndcg@10", "bm25", "hashing", [0, 0, 0, -0.05, -0.55, -0.52, 0.3]);

        var (losses, ties, wins) = (figure.Series[0], figure.Series[1], figure.Series[2]);
        Assert.Equal("losses (hashing < bm25)", losses.Name);
        Assert.Equal([-0.55, -0.05], losses.X.Cast<double>());
        Assert.Equal([2.0, 1.0], losses.Y);
        Assert.Equal([0.0], ties.X.Cast<double>());
        Assert.Equal([3.0], ties.Y);
        Assert.Equal([1.0], wins.Y);
        Assert.Equal((DifferenceHistogram.LossColor, DifferenceHistogram.TieColor, DifferenceHistogram.WinColor), (losses.Color, ties.Color, wins.Color));
        Assert.True(figure.OverlayBars);
    }

    [Fact]
    public void Build_NoDifferences_GivesThreeEmptySeries()
    {
        var figure = DifferenceHistogram.Build("ndcg@10", "bm25", "hashing", []);

        Assert.All(figure.Series, s => Assert.Empty(s.Y));
    }
}
