using AbStudio.Web.Features.Results;

namespace AbStudio.Tests.Web.Features.Results;

public sealed class MetricNameTests
{
    [Theory]
    [InlineData("ndcg@10", "ndcg", 10)]
    [InlineData("p@1", "p", 1)]
    [InlineData("map@100", "map", 100)]
    public void Parse_MetricName_GivesFamilyAndK(string metric, string family, int k) => Assert.Equal((family, k), MetricName.Parse(metric));

    [Theory]
    [InlineData("ndcg")]
    [InlineData("ndcg@ten")]
    public void Parse_NotAMetricName_Throws(string metric) => Assert.Throws<FormatException>(() => MetricName.Parse(metric));

    [Fact]
    public void Families_AreTheRunMetricsFamiliesInOrder() =>
        Assert.Equal(["ndcg", "recall", "mrr", "hit", "p", "map"], MetricName.Families);
}
