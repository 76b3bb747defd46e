namespace AbStudio.Domain.Evaluation.Statistics;

/// <summary>
/// Holm–Bonferroni step-down adjustment of a family of p-values (e.g. every metric × arm pair of a
/// test): sorted ascending, the i-th smallest (0-based) is multiplied by (m − i), made monotone
/// non-decreasing and capped at 1. Reject where the adjusted p is at most α; this controls the
/// family-wise error rate like Bonferroni, with more power.
/// </summary>
public static class HolmBonferroni
{
    /// <summary>Adjusted p-values, in the order of <paramref name="pValues"/>.</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var m = pValues.Count;
        var order = new int[m];
        var sortedP = new double[m];
        for (var i = 0; i < m; i++)
        {
            order[i] = i;
            sortedP[i] = pValues[i];
            if (!(pValues[i] is >= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(pValues), pValues[i], $"p-value {i} is not between 0 and 1.");
            }
        }

        Array.Sort(sortedP, order);
        var adjusted = new double[m];
        var runningMax = 0.0;
        for (var i = 0; i < m; i++)
        {
            runningMax = Math.Max(runningMax, Math.Min(1, (m - i) * sortedP[i]));
            adjusted[order[i]] = runningMax;
        }

        return adjusted;
    }
}
