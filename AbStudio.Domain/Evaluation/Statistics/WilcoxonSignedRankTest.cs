using MathNet.Numerics.Distributions;

namespace AbStudio.Domain.Evaluation.Statistics;

/// <summary>
/// Wilcoxon signed-rank test, normal approximation without continuity correction, zero differences
/// dropped (SciPy's wilcoxon(zero_method="wilcox", correction=False, method="approx")). Tied
/// |differences| share their average rank and the variance is reduced by Σ(t³ − t)/48 over tie
/// groups, as SciPy does. Ties are exact floating-point equality of |difference|.
/// </summary>
public static class WilcoxonSignedRankTest
{
    /// <summary>z of min(W+, W−) and its two-sided p; p = 1 when every difference is zero.</summary>
    public static (double Z, double TwoSidedP) Compute(ReadOnlySpan<double> differences)
    {
        var count = 0;
        foreach (var d in differences)
        {
            if (d != 0)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return (0, 1);
        }

        var magnitudes = new double[count];
        var signs = new double[count];
        var next = 0;
        foreach (var d in differences)
        {
            if (d != 0)
            {
                magnitudes[next] = Math.Abs(d);
                signs[next] = d;
                next++;
            }
        }

        Array.Sort(magnitudes, signs);
        var positiveRankSum = 0.0;
        var tieCorrection = 0.0;
        for (var start = 0; start < count;)
        {
            var end = start + 1;
            while (end < count && magnitudes[end] == magnitudes[start])
            {
                end++;
            }

            // Positions start..end-1 hold ranks start+1..end: they share the average rank.
            var rank = (start + 1 + end) / 2.0;
            for (var i = start; i < end; i++)
            {
                if (signs[i] > 0)
                {
                    positiveRankSum += rank;
                }
            }

            double tied = end - start;
            tieCorrection += (tied * tied * tied) - tied;
            start = end;
        }

        double n = count;
        var negativeRankSum = (n * (n + 1) / 2) - positiveRankSum;
        var statistic = Math.Min(positiveRankSum, negativeRankSum);
        var mean = n * (n + 1) / 4;
        var variance = (n * (n + 1) * ((2 * n) + 1) / 24) - (tieCorrection / 48);
        if (variance <= 0)
        {
            return (0, 1);
        }

        var z = (statistic - mean) / Math.Sqrt(variance);
        return (z, 2 * Normal.CDF(0, 1, -Math.Abs(z)));
    }
}
