using AbStudio.Domain.Evaluation.Statistics;

namespace AbStudio.Web.Features.Results.Charts;

/// <summary>One arm's per-query values of a metric, in the run's query order.</summary>
public sealed record ArmValues(string Arm, IReadOnlyList<double> Values);

/// <summary>
/// Each arm's mean of one metric as a bar, with a bootstrap confidence interval of that mean as
/// whiskers — the same bootstrap, resamples, confidence and seed the run used for its differences.
/// </summary>
public static class MetricBarsChart
{
    public static ChartFigure Build(string metric, IReadOnlyList<ArmValues> arms, PairedComparisonOptions statistics)
    {
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(statistics);
        var means = new double[arms.Count];
        var below = new double[arms.Count];
        var above = new double[arms.Count];
        for (var i = 0; i < arms.Count; i++)
        {
            var values = arms[i].Values.Where(v => !double.IsNaN(v)).ToArray();
            if (values.Length == 0)
            {
                continue;
            }

            means[i] = values.Average();
            var (lower, upper) = BootstrapInterval.OfMean(values, statistics.BootstrapResamples, statistics.Confidence, statistics.Seed);
            below[i] = Math.Max(0, means[i] - lower);
            above[i] = Math.Max(0, upper - means[i]);
        }

        // A series per arm, so each arm keeps the colour it has in the other charts.
        var series = arms.Select((arm, i) => new ChartSeries(arm.Arm, SeriesShape.Bars, [arm.Arm], [means[i]]) { ErrorBelow = [below[i]], ErrorAbove = [above[i]] }).ToList();
        var confidence = statistics.Confidence.ToString("P0", System.Globalization.CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);
        return new ChartFigure($"Mean {metric} per arm ({confidence} CI)", "arm", metric, series) { CategoricalX = true, OverlayBars = true, ShowLegend = false };
    }
}
