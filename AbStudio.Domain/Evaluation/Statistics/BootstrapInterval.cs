namespace AbStudio.Domain.Evaluation.Statistics;

/// <summary>
/// Percentile bootstrap confidence interval of the mean paired difference: resample the n
/// differences with replacement B times, take the mean of each resample, and read the α/2 and
/// 1 − α/2 percentiles of those means (type 7, see <see cref="Percentile"/>). Seeded, so the same
/// seed gives the same interval.
/// </summary>
public static class BootstrapInterval
{
    /// <remarks><paramref name="cancellationToken"/> is looked at every 1,024 resamples, so a long interval stops when its run is cancelled.</remarks>
    public static (double Lower, double Upper) OfMean(ReadOnlySpan<double> differences, int resamples, double confidence, ulong seed, CancellationToken cancellationToken = default)
    {
        if (differences.IsEmpty)
        {
            return (double.NaN, double.NaN);
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resamples);
        if (!(confidence is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence level must be between 0 and 1, e.g. 0.95.");
        }

        var random = new SplitMix64(SplitMix64.Mix(seed ^ 0x424F4F54UL)); // stream "BOOT"
        var n = differences.Length;
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            if ((r & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += differences[random.NextBelow(n)];
            }

            means[r] = sum / n;
        }

        Array.Sort(means);
        var alpha = 1 - confidence;
        return (Percentile.OfSorted(means, alpha / 2), Percentile.OfSorted(means, 1 - (alpha / 2)));
    }
}
