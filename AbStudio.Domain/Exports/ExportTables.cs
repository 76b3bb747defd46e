using System.Globalization;
using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Runs.Summary;

namespace AbStudio.Domain.Exports;

/// <summary>
/// The tables of the CSV and XLSX exports (docs/exports.md), defined once so both formats carry
/// the same columns with the same values. Column names are snake_case, metric columns are named as
/// the metrics are (<c>ndcg@10</c>); columns are only ever added, never renamed or reordered.
/// </summary>
public static class ExportTables
{
    /// <summary>Raised when a column is removed or renamed; adding columns at the end keeps it.</summary>
    public const int SchemaVersion = 1;

    private static readonly string[] LatencyStatistics = ["mean", "p50", "p90", "p95", "p99"];
    private static readonly string[] Stages = ["embed", "search", "fusion", "rerank"];
    private static readonly string[] LatencyColumnPrefixes = ["latency", .. Stages];

    /// <summary>One row per arm and query: every metric at every k, and each stage's latency.</summary>
    public static ExportTable QueryRows(RunExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        var metrics = Metrics(export);
        string[] header = ["schema_version", "run_id", "test", "arm", "query_id", .. metrics, "embed_ms", "search_ms", "fusion_ms", "rerank_ms", "total_ms"];
        return new ExportTable("Per-query", header, Rows());

        IEnumerable<IReadOnlyList<ExportCell>> Rows()
        {
            var run = export.RunId.ToString();
            for (var a = 0; a < export.Summary.Arms.Count; a++)
            {
                var arm = export.Summary.Arms[a];
                var outcomes = export.Arms[a].Outcomes;
                for (var q = 0; q < export.Summary.QueryIds.Count; q++)
                {
                    var row = new List<ExportCell>(header.Length) { SchemaVersion, run, export.TestName, arm.ArmName, export.Summary.QueryIds[q] };
                    foreach (var metric in metrics)
                    {
                        row.Add(arm.PerQuery[metric][q]);
                    }

                    var latency = outcomes[q].Latency;
                    row.AddRange([latency.EmbedMs, latency.SearchMs, latency.FusionMs, latency.RerankMs, latency.TotalMs]);
                    yield return row;
                }
            }
        }
    }

    /// <summary>
    /// One row per arm: the winner mark, every metric's mean, and the latency percentiles of the
    /// whole query (<c>latency_*</c>) and of each stage (<c>embed_*</c>, …).
    /// </summary>
    public static ExportTable ArmSummaries(RunExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        var metrics = Metrics(export);
        var latencyColumns = LatencyColumnPrefixes.SelectMany(stage => LatencyStatistics.Select(s => $"{stage}_{s}_ms"));
        string[] header = ["schema_version", "run_id", "test", "arm", "winner", .. metrics, .. latencyColumns];
        var winner = export.Winner;
        return new ExportTable("Summary", header, export.Summary.Arms.Select(arm =>
        {
            var row = new List<ExportCell>(header.Length) { SchemaVersion, export.RunId.ToString(), export.TestName, arm.ArmName, arm.ArmName == winner ? "yes" : "no" };
            row.AddRange(metrics.Select(m => (ExportCell)arm.Means[m]));
            AddLatency(row, arm.TotalLatency);
            foreach (var stage in Stages)
            {
                AddLatency(row, arm.StageLatency[stage]);
            }

            return (IReadOnlyList<ExportCell>)row;
        }));
    }

    /// <summary>One row per metric and pair of arms (B − A): the means, the difference and its CI, every test's p, the Holm p, the effect size and the query-level record.</summary>
    public static ExportTable Significance(RunExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        string[] header =
        [
            "metric", "arm_a", "arm_b", "n", "mean_a", "mean_b", "mean_difference", "ci_low", "ci_high",
            "sign_test_p", "sign_test_p_holm", "t_statistic", "t_test_p", "wilcoxon_p", "randomization_p", "randomization_p_holm",
            "cohens_dz", "wins_b", "ties", "losses_b",
        ];
        var order = Metrics(export).Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i, StringComparer.Ordinal);
        return new ExportTable("Significance", header, export.Summary.Comparisons
            .OrderBy(c => order[c.Metric])
            .Select(c =>
            {
                var s = c.Statistics;
                return (IReadOnlyList<ExportCell>)
                [
                    c.Metric, c.ArmA, c.ArmB, s.Count, s.MeanA, s.MeanB, s.MeanDifference, s.CiLower, s.CiUpper,
                    s.SignTestP, c.SignTestPHolm, s.TStatistic, s.TTestP, s.WilcoxonP, s.RandomizationP, c.RandomizationPHolm,
                    s.CohensDz, s.Wins, s.Ties, s.Losses,
                ];
            }));
    }

    /// <summary>
    /// One row per query: each arm's value of each metric (<c>&lt;metric&gt; &lt;arm&gt;</c>), then for
    /// each pair of arms B − A on the primary metric (<c>&lt;metric&gt; &lt;B&gt; − &lt;A&gt;</c>).
    /// </summary>
    public static ExportTable QueryGrid(RunExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        var metrics = Metrics(export);
        var arms = export.Summary.Arms;
        var pairs = export.Summary.Comparisons.Where(c => c.Metric == export.PrimaryMetric)
            .Select(c => (A: arms.Single(a => a.ArmName == c.ArmA), B: arms.Single(a => a.ArmName == c.ArmB))).ToList();
        string[] header =
        [
            "query_id",
            .. metrics.SelectMany(m => arms.Select(a => $"{m} {a.ArmName}")),
            .. pairs.Select(p => $"{export.PrimaryMetric} {p.B.ArmName} − {p.A.ArmName}"),
        ];
        return new ExportTable("Per-query", header, Rows());

        IEnumerable<IReadOnlyList<ExportCell>> Rows()
        {
            for (var q = 0; q < export.Summary.QueryIds.Count; q++)
            {
                var row = new List<ExportCell>(header.Length) { export.Summary.QueryIds[q] };
                foreach (var metric in metrics)
                {
                    foreach (var arm in arms)
                    {
                        row.Add(arm.PerQuery[metric][q]);
                    }
                }

                foreach (var (a, b) in pairs)
                {
                    row.Add(b.PerQuery[export.PrimaryMetric][q] - a.PerQuery[export.PrimaryMetric][q]);
                }

                yield return row;
            }
        }
    }

    /// <summary>What the file is: schema version, test, run, dataset and settings, as field/value rows.</summary>
    public static ExportTable About(RunExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        var context = export.Context;
        var statistics = context.Statistics;
        IReadOnlyList<ExportCell>[] rows =
        [
            ["schema_version", SchemaVersion],
            ["test", export.TestName],
            ["run_id", export.RunId.ToString()],
            ["dataset_content_hash", context.DatasetContentHash],
            ["dataset_split", context.Definition.Dataset.Split],
            ["documents", context.DocumentCount],
            ["queries", export.Summary.QueryIds.Count],
            ["arms", string.Join(", ", export.Summary.Arms.Select(a => a.ArmName))],
            ["k", string.Join(", ", context.Definition.K)],
            ["primary_metric", export.PrimaryMetric],
            ["winner", export.Winner],
            ["statistics_seed", statistics.Seed.ToString(CultureInfo.InvariantCulture)],
            ["permutations", statistics.Permutations],
            ["bootstrap_resamples", statistics.BootstrapResamples],
            ["confidence", statistics.Confidence],
            ["multiple_comparison_correction", "holm-bonferroni over all arm pairs × metrics"],
            ["generated_at", export.GeneratedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)],
        ];
        return new ExportTable("About", ["field", "value"], rows);
    }

    /// <summary>The run's metrics in the order the run computes them: for each k, ascending, every metric.</summary>
    private static List<string> Metrics(RunExport export) =>
        [.. RunMetrics.For([.. export.Context.Definition.K.Order()]).Select(m => m.Name)];

    private static void AddLatency(List<ExportCell> row, LatencySummary latency) =>
        row.AddRange([latency.Mean, latency.P50, latency.P90, latency.P95, latency.P99]);
}
