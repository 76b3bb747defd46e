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
            var values = arms[i].Values.ToArray();
            if (values.Length == 0)
            {
                continue;
            }

            means[i] = values.Average();
            var (lower, upper) = BootstrapInterval.OfMean(values, statistics.BootstrapResamples, statistics.Confidence, statistics.Seed);
            below[i] = Math.Max(0, means[i] - lower);
            above[i] = Math.Max(0, upper - means[i]);
        }

        var series = new ChartSeries(metric, SeriesShape.Bars, [.. arms.Select(a => (object)a.Arm)], means) { ErrorBelow = below, ErrorAbove = above };
        return new ChartFigure($"Mean {metric} per arm ({statistics.Confidence:P0} CI)", "arm", metric, [series]) { CategoricalX = true };
    }
}
