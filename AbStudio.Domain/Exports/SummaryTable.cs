using System.Globalization;
using System.Text;
using AbStudio.Domain.Runs.Summary;

namespace AbStudio.Domain.Exports;

/// <summary>
/// The plain-text table the <c>eval</c> verb prints: per arm the primary metric, recall at the
/// largest k, MRR@10 (or at the primary metric's k), latency p50/p95, and the difference from the
/// first arm (the baseline) on the primary metric with its Holm-adjusted randomization p.
/// </summary>
public static class SummaryTable
{
    public static string Render(RunSummary summary, IReadOnlyList<int> cutoffs, string primaryMetric)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(cutoffs);
        var primaryK = primaryMetric.Split('@') is [_, var k] ? k : "10";
        var mrrK = cutoffs.Contains(10) ? "10" : primaryK;
        string[] metrics = [primaryMetric, $"recall@{cutoffs.Max()}", $"mrr@{mrrK}"];
        var baseline = summary.Arms[0].ArmName;
        var header = new List<string> { "arm" };
        header.AddRange(metrics);
        header.AddRange(["p50 ms", "p95 ms", $"Δ{primaryMetric} vs {baseline}", "p (rand., Holm)"]);

        var rows = new List<List<string>> { header };
        foreach (var arm in summary.Arms)
        {
            var row = new List<string> { arm.ArmName };
            row.AddRange(metrics.Select(m => arm.Means.TryGetValue(m, out var v) ? Format(v) : "–"));
            row.Add(arm.TotalLatency.P50.ToString("F2", CultureInfo.InvariantCulture));
            row.Add(arm.TotalLatency.P95.ToString("F2", CultureInfo.InvariantCulture));
            var comparison = summary.Comparisons.FirstOrDefault(c => c.ArmA == baseline && c.ArmB == arm.ArmName && c.Metric == primaryMetric);
            row.Add(comparison is null ? "(baseline)" : comparison.Statistics.MeanDifference.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture));
            row.Add(comparison is null ? "" : PValue(comparison.RandomizationPHolm));
            rows.Add(row);
        }

        var widths = Enumerable.Range(0, header.Count).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        }

        return text.ToString();
    }

    private static string Format(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string PValue(double p) => double.IsNaN(p) ? "n/a" : p < 0.001 ? "<0.001" : p.ToString("F3", CultureInfo.InvariantCulture);
}
