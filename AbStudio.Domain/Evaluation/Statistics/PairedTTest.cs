using MathNet.Numerics.Distributions;

namespace AbStudio.Domain.Evaluation.Statistics;

/// <summary>Paired t-test on differences (SciPy's ttest_rel): t = mean / (sd / √n), n − 1 degrees of freedom.</summary>
public static class PairedTTest
{
    /// <summary>
    /// The t statistic and its two-sided p. With every difference equal the test is degenerate: all
    /// zero gives t = 0, p = 1 (no evidence of a difference); a constant non-zero difference gives
    /// t = ±∞, p = 0. Fewer than two differences: NaN.
    /// </summary>
    public static (double Statistic, double TwoSidedP) Compute(ReadOnlySpan<double> differences)
    {
        var n = differences.Length;
        if (n < 2)
        {
            return (double.NaN, double.NaN);
        }

        var (mean, sd) = Describe(differences);
        if (sd == 0)
        {
            return mean == 0 ? (0, 1) : (mean > 0 ? double.PositiveInfinity : double.NegativeInfinity, 0);
        }

        var t = mean / (sd / Math.Sqrt(n));
        return (t, 2 * StudentT.CDF(0, 1, n - 1, -Math.Abs(t)));
    }

    /// <summary>Mean and sample standard deviation (n − 1 in the denominator), two passes for accuracy.</summary>
    internal static (double Mean, double StandardDeviation) Describe(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        var mean = sum / values.Length;
        var squares = 0.0;
        foreach (var value in values)
        {
            squares += (value - mean) * (value - mean);
        }

        return (mean, values.Length < 2 ? double.NaN : Math.Sqrt(squares / (values.Length - 1)));
    }
}
