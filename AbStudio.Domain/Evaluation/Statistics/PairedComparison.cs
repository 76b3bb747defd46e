namespace AbStudio.Domain.Evaluation.Statistics;

/// <summary>Settings of a paired comparison; the seed is stored with results so they reproduce.</summary>
public sealed record PairedComparisonOptions
{
    public const ulong DefaultSeed = 0xAB57_0D10_5EEDUL;

    public static PairedComparisonOptions Default { get; } = new();

    /// <summary>Random sign assignments when there are more than 20 non-zero differences.</summary>
    public int Permutations { get; init; } = 10_000;

    public int BootstrapResamples { get; init; } = 10_000;

    public double Confidence { get; init; } = 0.95;

    public ulong Seed { get; init; } = DefaultSeed;
}

/// <summary>
/// Arm B against arm A on one metric, query by query (differences are B − A). Significance tests:
/// sign test, paired t-test, Wilcoxon signed-rank, randomization test; a bootstrap CI of the mean
/// difference; and Cohen's d_z, the effect size for paired data (mean difference / standard
/// deviation of the differences, not of either arm). p-values are per comparison: adjust a family
/// with <see cref="HolmBonferroni"/>.
/// </summary>
public sealed record PairedComparison(
    int Count,
    double MeanA,
    double MeanB,
    double MeanDifference,
    int Wins,
    int Ties,
    int Losses,
    double SignTestP,
    double TStatistic,
    double TTestP,
    double WilcoxonZ,
    double WilcoxonP,
    double RandomizationP,
    double CiLower,
    double CiUpper,
    double CohensDz)
{
    /// <summary>Compares per-query values of arm A and arm B, paired by position.</summary>
    public static PairedComparison Of(ReadOnlySpan<double> a, ReadOnlySpan<double> b, PairedComparisonOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Paired values need the same queries in both arms: {a.Length} values for A, {b.Length} for B.", nameof(b));
        }

        var n = a.Length;
        var differences = new double[n];
        double sumA = 0, sumB = 0;
        int wins = 0, losses = 0;
        for (var i = 0; i < n; i++)
        {
            sumA += a[i];
            sumB += b[i];
            differences[i] = b[i] - a[i];
            if (differences[i] > 0)
            {
                wins++;
            }
            else if (differences[i] < 0)
            {
                losses++;
            }
        }

        var (meanDifference, sd) = n == 0 ? (double.NaN, double.NaN) : PairedTTest.Describe(differences);
        var (t, tP) = PairedTTest.Compute(differences);
        var (z, wilcoxonP) = WilcoxonSignedRankTest.Compute(differences);
        var (lower, upper) = BootstrapInterval.OfMean(differences, options.BootstrapResamples, options.Confidence, options.Seed, cancellationToken);
        return new PairedComparison(
            n,
            sumA / n,
            sumB / n,
            meanDifference,
            wins,
            n - wins - losses,
            losses,
            SignTest.TwoSidedP(wins, losses),
            t,
            tP,
            z,
            wilcoxonP,
            RandomizationTest.TwoSidedP(differences, options.Permutations, options.Seed, cancellationToken),
            lower,
            upper,
            sd > 0 ? meanDifference / sd : double.NaN);
    }
}
