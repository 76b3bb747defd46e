using AbStudio.Domain.Evaluation.Statistics;

namespace AbStudio.Tests.Domain.Evaluation.Statistics;

public class RandomizationTestTests
{
    [Fact]
    public void ExactP_ThreeDifferences_MatchesHandEnumeration()
    {
        // ±1 ±2 ±3 gives |sums| 6, 4, 2, 0, 0, 2, 4, 6: two of eight reach the observed 6.
        Assert.Equal(0.25, RandomizationTest.ExactP([1.0, 2.0, 3.0]), 1e-15);
    }

    [Fact]
    public void ExactP_ZeroDifference_IsDroppedAndTiesCountAsExtreme()
    {
        // Observed |1 − 2 + 3| = 2; |sums| ≥ 2 for 6 of the 8 assignments of the non-zero three.
        Assert.Equal(0.75, RandomizationTest.ExactP([1.0, -2.0, 3.0, 0.0]), 1e-15);
    }

    [Fact]
    public void TwoSidedP_AllZero_IsOne()
    {
        Assert.Equal(1.0, RandomizationTest.TwoSidedP([0.0, 0.0], 100, 1, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void TwoSidedP_TwentyNonZeroDifferences_EnumeratesExactly()
    {
        var differences = Differences(20, seed: 3).Concat([0.0, 0.0, 0.0]).ToArray();

        var p = RandomizationTest.TwoSidedP(differences, permutations: 10, seed: 1, TestContext.Current.CancellationToken);

        Assert.Equal(RandomizationTest.ExactP(differences), p);
    }

    [Fact]
    public void SampledP_SmallInput_AgreesWithExactEnumeration()
    {
        var differences = Differences(14, seed: 5);

        var sampled = RandomizationTest.SampledP(differences, permutations: 200_000, seed: 9, TestContext.Current.CancellationToken);

        Assert.Equal(RandomizationTest.ExactP(differences), sampled, 0.005);
    }

    [Fact]
    public void TwoSidedP_SameSeed_IsDeterministicAndNeverZero()
    {
        var differences = Differences(50, seed: 11).Select(d => d + 0.3).ToArray();

        var first = RandomizationTest.TwoSidedP(differences, 10_000, 42, TestContext.Current.CancellationToken);
        var second = RandomizationTest.TwoSidedP(differences, 10_000, 42, TestContext.Current.CancellationToken);

        Assert.Equal(first, second);
        Assert.True(first >= 1.0 / 10_001, $"p = {first}");
    }

    private static double[] Differences(int count, ulong seed)
    {
        var random = new SplitMix64(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Math.Round(random.NextDouble() - 0.45, 4))];
    }
}
