namespace AbStudio.Domain.Evaluation.Statistics;

/// <summary>
/// Paired randomization (sign-flip permutation) test, two-sided, on the statistic |Σ d|: under the
/// null hypothesis each paired difference is as likely to have the other sign. With at most
/// <see cref="ExactLimit"/> non-zero differences all 2ⁿ sign assignments are enumerated and p is
/// exact; above that, B random assignments give p = (b + 1) / (B + 1), b counting those at least as
/// extreme as observed (the +1 counts the observed assignment, so p is never 0).
/// </summary>
public static class RandomizationTest
{
    /// <summary>Up to this many non-zero differences the test enumerates every sign flip (2²⁰ ≈ 10⁶).</summary>
    public const int ExactLimit = 20;

    /// <summary>The two-sided p; exact for small inputs, otherwise sampled with <paramref name="permutations"/> draws from <paramref name="seed"/>.</summary>
    public static double TwoSidedP(ReadOnlySpan<double> differences, int permutations, ulong seed, CancellationToken cancellationToken = default)
    {
        var nonZero = NonZero(differences);
        if (nonZero.Length == 0)
        {
            return 1;
        }

        return nonZero.Length <= ExactLimit ? ExactP(nonZero) : SampledP(nonZero, permutations, seed, cancellationToken);
    }

    /// <summary>Exact p over all 2ⁿ sign assignments (n ≤ <see cref="ExactLimit"/>), visited in Gray-code order so each step flips one sign.</summary>
    public static double ExactP(ReadOnlySpan<double> differences)
    {
        var nonZero = NonZero(differences);
        if (nonZero.Length == 0)
        {
            return 1;
        }

        if (nonZero.Length > ExactLimit)
        {
            throw new ArgumentException($"Exact enumeration is limited to {ExactLimit} non-zero differences, got {nonZero.Length}.", nameof(differences));
        }

        var (sum, tolerance) = Observed(nonZero);
        var threshold = Math.Abs(sum) - tolerance;
        var signs = new int[nonZero.Length];
        Array.Fill(signs, 1);
        var total = 1L << nonZero.Length;
        var atLeastAsExtreme = 1L; // the observed assignment itself
        for (var step = 1L; step < total; step++)
        {
            var flip = System.Numerics.BitOperations.TrailingZeroCount(step);
            sum -= 2 * signs[flip] * nonZero[flip];
            signs[flip] = -signs[flip];
            if (Math.Abs(sum) >= threshold)
            {
                atLeastAsExtreme++;
            }
        }

        return (double)atLeastAsExtreme / total;
    }

    /// <summary>
    /// Monte Carlo p = (b + 1) / (B + 1) from <paramref name="permutations"/> random sign assignments.
    /// Millions of permutations take a while: <paramref name="cancellationToken"/> is looked at every 1,024.
    /// </summary>
    public static double SampledP(ReadOnlySpan<double> differences, int permutations, ulong seed, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(permutations);
        var (observed, tolerance) = Observed(differences);
        var threshold = Math.Abs(observed) - tolerance;
        var random = new SplitMix64(SplitMix64.Mix(seed ^ 0x52414E44UL)); // stream "RAND"
        var atLeastAsExtreme = 0;
        for (var permutation = 0; permutation < permutations; permutation++)
        {
            if ((permutation & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var sum = 0.0;
            var bits = 0UL;
            for (var i = 0; i < differences.Length; i++)
            {
                if ((i & 63) == 0)
                {
                    bits = random.NextUInt64();
                }

                sum += (bits & 1) == 0 ? differences[i] : -differences[i];
                bits >>= 1;
            }

            if (Math.Abs(sum) >= threshold)
            {
                atLeastAsExtreme++;
            }
        }

        return (atLeastAsExtreme + 1.0) / (permutations + 1.0);
    }

    // Sums of flipped signs differ from the observed sum by rounding only when they are equal in
    // exact arithmetic; the tolerance (relative to Σ|d|) keeps such ties counted as "as extreme".
    private static (double Sum, double Tolerance) Observed(ReadOnlySpan<double> differences)
    {
        var sum = 0.0;
        var magnitude = 0.0;
        foreach (var d in differences)
        {
            sum += d;
            magnitude += Math.Abs(d);
        }

        return (sum, 1e-9 * magnitude);
    }

    private static double[] NonZero(ReadOnlySpan<double> differences)
    {
        var nonZero = new List<double>(differences.Length);
        foreach (var d in differences)
        {
            if (d != 0)
            {
                nonZero.Add(d);
            }
        }

        return [.. nonZero];
    }
}
