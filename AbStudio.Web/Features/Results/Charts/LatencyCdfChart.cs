namespace AbStudio.Web.Features.Results.Charts;

/// <summary>
/// The share of queries answered within each total latency, one step line per arm. Long runs are
/// thinned to evenly spaced ranks (always keeping the fastest and slowest query), so a chart of
/// 10,000 queries sends a few hundred points to the browser and still shows the tail.
/// </summary>
public static class LatencyCdfChart
{
    public const int MaxPoints = 200;

    public static ChartFigure Build(IReadOnlyList<ArmValues> latencies, int maxPoints = MaxPoints)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        var series = latencies.Select(arm =>
        {
            var sorted = arm.Values.Order().ToArray();
            var ranks = Ranks(sorted.Length, maxPoints);
            return new ChartSeries(arm.Arm, SeriesShape.Steps, [.. ranks.Select(r => (object)sorted[r])], [.. ranks.Select(r => (r + 1) / (double)sorted.Length)]);
        }).ToList();
        return new ChartFigure("Total latency per query (CDF)", "total latency (ms, log scale)", "share of queries", series) { LogX = true };
    }

    private static int[] Ranks(int count, int maxPoints)
    {
        if (count <= maxPoints)
        {
            return [.. Enumerable.Range(0, count)];
        }

        return [.. Enumerable.Range(0, maxPoints).Select(i => (int)Math.Round(i * (count - 1) / (double)(maxPoints - 1))).Distinct()];
    }
}
