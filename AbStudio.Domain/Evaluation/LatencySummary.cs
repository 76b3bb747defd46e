namespace AbStudio.Domain.Evaluation;

/// <summary>Mean and tail percentiles of a set of latencies (any unit; the runner uses milliseconds).</summary>
public sealed record LatencySummary(int Count, double Mean, double P50, double P90, double P95, double P99)
{
    /// <summary>Summarises <paramref name="latencies"/> (in any order; the input is not modified).</summary>
    /// <exception cref="ArgumentException">No latencies: a percentile of nothing is undefined.</exception>
    public static LatencySummary From(ReadOnlySpan<double> latencies)
    {
        if (latencies.IsEmpty)
        {
            throw new ArgumentException("At least one latency is needed to summarise latencies.", nameof(latencies));
        }

        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        var sum = 0.0;
        foreach (var latency in sorted)
        {
            sum += latency;
        }

        return new LatencySummary(
            sorted.Length,
            sum / sorted.Length,
            Percentile.OfSorted(sorted, 0.50),
            Percentile.OfSorted(sorted, 0.90),
            Percentile.OfSorted(sorted, 0.95),
            Percentile.OfSorted(sorted, 0.99));
    }
}
