using AbStudio.Domain.Evaluation.Statistics;

namespace AbStudio.Tests.Domain.Evaluation.Statistics;

public class BootstrapIntervalTests
{
    [Fact]
    public void OfMean_SameSeed_GivesSameInterval()
    {
        var (a, b) = PairedComparisonTests.Sample(80);
        var differences = a.Zip(b, (x, y) => y - x).ToArray();

        var first = BootstrapInterval.OfMean(differences, 2_000, 0.95, 17, TestContext.Current.CancellationToken);
        var second = BootstrapInterval.OfMean(differences, 2_000, 0.95, 17, TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
    }

    [Fact]
    public void OfMean_ConstantDifferences_CollapsesToTheConstant()
    {
        var (lower, upper) = BootstrapInterval.OfMean([0.25, 0.25, 0.25, 0.25], 500, 0.95, 1, TestContext.Current.CancellationToken);

        Assert.Equal(0.25, lower, 1e-12);
        Assert.Equal(0.25, upper, 1e-12);
    }

    [Fact]
    public void OfMean_LargeSample_AgreesWithNormalApproximation()
    {
        // For 400 differences the percentile interval is close to mean ± 1.96 · sd / √n.
        var random = new SplitMix64(23);
        var differences = Enumerable.Range(0, 400).Select(_ => random.NextDouble() - 0.4).ToArray();
        var mean = differences.Average();
        var sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (differences.Length - 1));
        var halfWidth = 1.96 * sd / Math.Sqrt(differences.Length);

        var (lower, upper) = BootstrapInterval.OfMean(differences, 10_000, 0.95, PairedComparisonOptions.DefaultSeed, TestContext.Current.CancellationToken);

        Assert.Equal(mean - halfWidth, lower, 0.1 * halfWidth);
        Assert.Equal(mean + halfWidth, upper, 0.1 * halfWidth);
    }
}
