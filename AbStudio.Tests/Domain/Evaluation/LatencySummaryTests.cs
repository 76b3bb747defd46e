using AbStudio.Domain.Evaluation;

namespace AbStudio.Tests.Domain.Evaluation;

public class LatencySummaryTests
{
    [Fact]
    public void From_UnsortedLatencies_GivesMeanAndType7Percentiles()
    {
        double[] latencies = [40, 10, 30, 20];

        var summary = LatencySummary.From(latencies);

        Assert.Equal(4, summary.Count);
        Assert.Equal(25, summary.Mean, 1e-12);
        Assert.Equal(25, summary.P50, 1e-12);   // h = 1.5
        Assert.Equal(37, summary.P90, 1e-12);   // h = 2.7 → 30 + 0.7 · 10
        Assert.Equal(38.5, summary.P95, 1e-12); // h = 2.85
        Assert.Equal(39.7, summary.P99, 1e-12); // h = 2.97
        Assert.Equal([40.0, 10, 30, 20], latencies);
    }

    [Fact]
    public void From_NoLatencies_Throws()
    {
        Assert.Throws<ArgumentException>(() => LatencySummary.From([]));
    }
}
