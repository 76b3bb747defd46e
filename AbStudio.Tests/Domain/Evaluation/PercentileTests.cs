using AbStudio.Domain.Evaluation;

namespace AbStudio.Tests.Domain.Evaluation;

public class PercentileTests
{
    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 0.5, 2.5)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 0.9, 3.7)]     // h = 3 · 0.9 = 2.7 → 3 + 0.7 · (4 − 3)
    [InlineData(new[] { 15.0, 20, 35, 40, 50 }, 0.4, 29.0)] // h = 1.6 → 20 + 0.6 · 15 (NumPy: 29.0)
    [InlineData(new[] { 15.0, 20, 35, 40, 50 }, 0.0, 15.0)]
    [InlineData(new[] { 15.0, 20, 35, 40, 50 }, 1.0, 50.0)]
    [InlineData(new[] { 7.0 }, 0.99, 7.0)]
    public void OfSorted_HandComputed_InterpolatesBetweenClosestRanks(double[] sorted, double p, double expected)
    {
        Assert.Equal(expected, Percentile.OfSorted(sorted, p), 1e-12);
    }

    [Fact]
    public void OfSorted_OneToHundred_P99IsType7()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

        Assert.Equal(99.01, Percentile.OfSorted(values, 0.99), 1e-12); // h = 99 · 0.99 = 98.01
    }

    [Fact]
    public void OfSorted_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => Percentile.OfSorted([], 0.5));
    }
}
