using AbStudio.Domain.Evaluation.Statistics;

namespace AbStudio.Tests.Domain.Evaluation.Statistics;

/// <summary>The closed-form tests on small inputs computed by hand.</summary>
public class ClassicalTestsTests
{
    [Theory]
    [InlineData(0, 0, 1.0)]
    [InlineData(5, 5, 1.0)]
    [InlineData(0, 10, 2.0 / 1024)]
    [InlineData(8, 2, 112.0 / 1024)] // 2 · (1 + 10 + 45) / 2¹⁰
    public void SignTest_TwoSidedP_MatchesBinomialTails(int wins, int losses, double expected)
    {
        Assert.Equal(expected, SignTest.TwoSidedP(wins, losses), 1e-12);
    }

    [Fact]
    public void PairedTTest_Compute_MatchesClosedFormForThreeDegreesOfFreedom()
    {
        // d = 1, 2, 3, 4: t = 2.5 / (√(5/3) / 2); for 3 df the t CDF has a closed form.
        var (t, p) = PairedTTest.Compute([1.0, 2.0, 3.0, 4.0]);

        Assert.Equal(3.872983346207417, t, 1e-12);
        Assert.Equal(0.030466291662170963, p, 1e-9);
    }

    [Fact]
    public void PairedTTest_AllZero_HasNoEvidence()
    {
        Assert.Equal((0.0, 1.0), PairedTTest.Compute([0.0, 0.0, 0.0]));
    }

    [Fact]
    public void Wilcoxon_TiesAndZero_UsesAverageRanksAndTieCorrectedVariance()
    {
        // Non-zero |d| = .5, .5, 1, 2 → ranks 1.5, 1.5, 3, 4; W− = 1.5; var = 4·5·9/24 − (2³ − 2)/48.
        var (z, p) = WilcoxonSignedRankTest.Compute([0.5, -0.5, 1.0, 2.0, 0.0]);

        Assert.Equal(-1.2888044650576527, z, 1e-12);
        Assert.Equal(0.19746607335801866, p, 1e-9);
    }
}
