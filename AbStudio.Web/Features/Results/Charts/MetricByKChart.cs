using AbStudio.Domain.Runs.Summary;

namespace AbStudio.Web.Features.Results.Charts;

/// <summary>One metric family (ndcg, recall, …) at every k of the run, a line per arm.</summary>
public static class MetricByKChart
{
    public static ChartFigure Build(StoredRunSummary summary, string family, IReadOnlyList<int> k)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(k);
        var cutoffs = k.Order().ToArray();
        var series = summary.Arms.Select(arm => new ChartSeries(
            arm.Name,
            SeriesShape.Lines,
            [.. cutoffs.Select(c => (object)c)],
            [.. cutoffs.Select(c => arm.Means.TryGetValue(MetricName.Of(family, c), out var mean) ? mean : double.NaN)])).ToList();
        // k as categories: 1, 3, 5, 10, 20, 100 evenly spaced, not squashed against the left edge.
        return new ChartFigure($"{family}@k per arm", "k", family, series) { CategoricalX = true };
    }
}
