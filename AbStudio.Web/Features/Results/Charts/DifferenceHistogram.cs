namespace AbStudio.Web.Features.Results.Charts;

/// <summary>
/// How per-query differences B − A of a metric spread: losses, ties and wins as three bar series
/// in fixed-width bins, so the usual spike of ties at zero stays apart from small wins and losses.
/// </summary>
public static class DifferenceHistogram
{
    public const string LossColor = "#e53935";
    public const string TieColor = "#9e9e9e";
    public const string WinColor = "#43a047";

    public static ChartFigure Build(string metric, string armA, string armB, IReadOnlyList<double> differences, double binWidth = 0.1)
    {
        ArgumentNullException.ThrowIfNull(differences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(binWidth);
        var losses = new SortedDictionary<int, int>();
        var wins = new SortedDictionary<int, int>();
        var ties = 0;
        foreach (var d in differences)
        {
            if (double.IsNaN(d))
            {
                continue;
            }

            if (d == 0)
            {
                ties++;
            }
            else
            {
                // Bin n holds (n·w, (n+1)·w] for wins and [−(n+1)·w, −n·w) for losses: zero never lands in a bin.
                var bin = (int)Math.Ceiling(Math.Abs(d) / binWidth - 1e-9) - 1;
                var counts = d > 0 ? wins : losses;
                counts[bin] = counts.GetValueOrDefault(bin) + 1;
            }
        }

        var lossBins = losses.Reverse().ToList();
        var series = new List<ChartSeries>
        {
            Bins($"losses ({armB} < {armA})", [.. lossBins.Select(b => -(b.Key + 0.5) * binWidth)], [.. lossBins.Select(b => (double)b.Value)], LossColor, binWidth),
            Bins("ties", ties == 0 ? [] : [0.0], ties == 0 ? [] : [ties], TieColor, binWidth / 4),
            Bins($"wins ({armB} > {armA})", [.. wins.Select(b => (b.Key + 0.5) * binWidth)], [.. wins.Select(b => (double)b.Value)], WinColor, binWidth),
        };
        return new ChartFigure($"Per-query {metric}: {armB} − {armA}", $"difference in {metric}", "queries", series) { OverlayBars = true };
    }

    private static ChartSeries Bins(string name, double[] centres, double[] counts, string color, double width) =>
        new(name, SeriesShape.Bars, [.. centres.Select(c => (object)Math.Round(c, 10))], counts) { Color = color, BarWidth = width * 0.95 };
}
