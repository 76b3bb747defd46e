using AbStudio.Web.Features.Results;

namespace AbStudio.Tests.Web.Features.Results;

public sealed class SummaryTableRowsTests
{
    [Theory]
    [InlineData(0.1, 0.01, Significance.Better)]
    [InlineData(-0.1, 0.01, Significance.Worse)]
    [InlineData(0.1, 0.05, Significance.None)]
    [InlineData(0.1, 0.2, Significance.None)]
    [InlineData(0.1, double.NaN, Significance.None)]
    public void Build_HolmAdjustedP_MarksTheArmAgainstTheBaseline(double gain, double holmP, Significance expected)
    {
        var rows = SummaryTableRows.Build(StoredSummaries.TwoArms(gain, holmP), StoredSummaries.K);

        Assert.All(rows.Where(r => r.Arm == "hashing").SelectMany(r => r.Cells), c => Assert.Equal(expected, c.Significance));
        Assert.All(rows.Where(r => r.Arm == "bm25").SelectMany(r => r.Cells), c => Assert.Equal((Significance.None, (double?)null), (c.Significance, c.HolmP)));
    }

    [Theory]
    [InlineData(0.1, "hashing")]
    [InlineData(-0.1, "bm25")]
    public void Build_DifferentMeans_MarksOnlyTheHigherMeanBest(double gain, string best)
    {
        var rows = SummaryTableRows.Build(StoredSummaries.TwoArms(gain, 0.5), StoredSummaries.K);

        Assert.All(rows, r => Assert.All(r.Cells, c => Assert.Equal(r.Arm == best, c.Best)));
    }

    [Fact]
    public void Build_EqualMeans_MarksNoArmBest()
    {
        var rows = SummaryTableRows.Build(StoredSummaries.TwoArms(0, 1), StoredSummaries.K);

        Assert.DoesNotContain(rows.SelectMany(r => r.Cells), c => c.Best);
    }

    [Fact]
    public void Build_TwoArmsTwoCutoffs_GivesAFamilyRowPerArmAndACellPerKInKOrder()
    {
        var rows = SummaryTableRows.Build(StoredSummaries.TwoArms(0.1, 0.01), [10, 1]);

        Assert.Equal(MetricName.Families.Count * 2, rows.Count);
        Assert.Equal(["ndcg", "ndcg", "recall"], rows.Take(3).Select(r => r.Family));
        Assert.Equal(["ndcg@1", "ndcg@10"], rows[0].Cells.Select(c => c.Metric));
        Assert.True(rows[0].Baseline);
        Assert.Equal(0.6, rows[1].Cells[1].Mean, 12);
    }
}
