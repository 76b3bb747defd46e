using MathNet.Numerics.Distributions;

namespace AbStudio.Domain.Evaluation.Statistics;

/// <summary>Exact two-sided sign test on wins and losses (ties dropped), as SciPy's binomtest(p = 0.5).</summary>
public static class SignTest
{
    /// <summary>P(a split at least as uneven as wins:losses) under a fair coin; 1 when there is nothing to test.</summary>
    public static double TwoSidedP(int wins, int losses)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(wins);
        ArgumentOutOfRangeException.ThrowIfNegative(losses);
        var n = wins + losses;
        if (n == 0)
        {
            return 1;
        }

        // The binomial(n, 1/2) is symmetric: both tails are equal, so twice the smaller one.
        return Math.Min(1, 2 * Binomial.CDF(0.5, n, Math.Min(wins, losses)));
    }
}
