using AbStudio.Domain.Runs.Summary;

namespace AbStudio.Web.Features.Results;

/// <summary>An arm's mean against the baseline's: significantly better, worse, or neither (Holm-adjusted randomization p).</summary>
public enum Significance
{
    None,
    Better,
    Worse,
}

/// <summary>One arm's mean of one metric; <c>HolmP</c> is against the baseline (null for the baseline itself).</summary>
public sealed record SummaryCell(string Metric, double Mean, bool Best, Significance Significance, double? HolmP);

/// <summary>A row of the summary table: one metric family for one arm, a cell per k.</summary>
public sealed record SummaryRow(string Family, string Arm, bool Baseline, IReadOnlyList<SummaryCell> Cells);

/// <summary>
/// The summary table as data: metric families × arms in rows, k in columns. The best mean of each
/// metric is marked (none when every arm ties), and each non-baseline arm is marked better or worse
/// than the baseline (the first arm) where the Holm-adjusted randomization p is below alpha.
/// </summary>
public static class SummaryTableRows
{
    public const double Alpha = 0.05;

    public static IReadOnlyList<SummaryRow> Build(StoredRunSummary summary, IReadOnlyList<int> k, double alpha = Alpha)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(k);
        if (summary.Arms.Count == 0)
        {
            return [];
        }

        var baseline = summary.Arms[0].Name;
        var cutoffs = k.Order().ToArray();
        var rows = new List<SummaryRow>();
        foreach (var family in MetricName.Families)
        {
            foreach (var arm in summary.Arms)
            {
                var cells = cutoffs.Select(c => Cell(summary, arm, MetricName.Of(family, c), baseline, alpha)).ToList();
                rows.Add(new SummaryRow(family, arm.Name, arm.Name == baseline, cells));
            }
        }

        return rows;
    }

    private static SummaryCell Cell(StoredRunSummary summary, StoredArmSummary arm, string metric, string baseline, double alpha)
    {
        var mean = arm.Means.GetValueOrDefault(metric, double.NaN);
        var all = summary.Arms.Select(a => a.Means.GetValueOrDefault(metric, double.NaN)).Where(v => !double.IsNaN(v)).ToList();
        var best = all.Count > 1 && all.Max() > all.Min() && mean == all.Max();
        if (arm.Name == baseline)
        {
            return new SummaryCell(metric, mean, best, Significance.None, null);
        }

        var comparison = summary.Comparisons.FirstOrDefault(c => c.ArmA == baseline && c.ArmB == arm.Name && c.Metric == metric);
        var p = comparison?.RandomizationPHolm;
        var significance = p < alpha && comparison!.Statistics.MeanDifference != 0
            ? comparison.Statistics.MeanDifference > 0 ? Significance.Better : Significance.Worse
            : Significance.None;
        return new SummaryCell(metric, mean, best, significance, p);
    }
}
