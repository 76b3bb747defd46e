namespace AbStudio.Domain.Evaluation;

/// <summary>
/// Percentiles by linear interpolation between closest ranks: Hyndman–Fan type 7, the default of
/// NumPy (<c>np.percentile</c>), R (<c>quantile</c>) and Excel's PERCENTILE.INC. For n sorted values
/// x[0..n-1] and p in [0, 1]: h = (n − 1)·p, result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
/// So p = 0 is the minimum, p = 1 the maximum, and the median of an even count is the midpoint.
/// </summary>
public static class Percentile
{
    /// <summary>The p-quantile (p in [0, 1]) of values already sorted ascending.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("A percentile of no values is undefined.", nameof(sorted));
        }

        if (!(p is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "The percentile must be a fraction between 0 and 1.");
        }

        var h = (sorted.Length - 1) * p;
        var lower = (int)Math.Floor(h);
        if (lower >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        return sorted[lower] + ((h - lower) * (sorted[lower + 1] - sorted[lower]));
    }
}
