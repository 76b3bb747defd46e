using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Runs;
using AbStudio.Domain.Runs.Summary;
using AbStudio.Web.Features.AbTests;

namespace AbStudio.Web.Features.Runs;

/// <summary>A run: status, progress in results (queries × arms), timestamps and the error of a failed run.</summary>
public sealed record RunView(Guid Id, Guid TestId, RunStatus Status, Progress Progress, DateTime CreatedAt, DateTime? StartedAt, DateTime? CompletedAt, string? Error)
{
    public static RunView Of(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(run.Id, run.TestId, run.Status, Progress.Of(run.QueriesDone, run.QueriesTotal), run.CreatedAt, run.StartedAt, run.CompletedAt, run.Error);
    }
}

/// <summary>A completed run's aggregates: per arm, every metric's mean at every k and the latency percentiles.</summary>
public sealed record RunSummaryView(Guid RunId, Guid TestId, int Queries, string PrimaryMetric, IReadOnlyList<int> K, IReadOnlyList<ArmSummaryView> Arms);

/// <summary>
/// One arm's means (keyed as the results' <c>metric</c> parameter: <c>ndcg@10</c>, <c>recall@100</c>, …)
/// and latencies in milliseconds: the whole query and each stage (embed, search, fusion, rerank).
/// </summary>
public sealed record ArmSummaryView(string Arm, IReadOnlyDictionary<string, double> Means, LatencySummary TotalLatency, IReadOnlyDictionary<string, LatencySummary> StageLatency);

/// <summary>Every paired comparison of a completed run (pairs of arms × metrics), optionally of one metric.</summary>
public sealed record SignificanceView(Guid RunId, int Queries, double Alpha, IReadOnlyList<ComparisonView> Comparisons);

/// <summary>
/// Arm B against arm A on one metric, over the same queries. Statistics a pair of identical arms
/// leaves undefined are null. <c>holm</c> holds p-values adjusted over the whole family (every pair ×
/// every metric), so <c>significant</c> means significant after looking at everything.
/// </summary>
public sealed record ComparisonView(
    string Metric,
    string ArmA,
    string ArmB,
    int Queries,
    double MeanA,
    double MeanB,
    double MeanDifference,
    ConfidenceInterval Ci,
    PValues PValues,
    HolmPValues Holm,
    double? EffectSize,
    int Wins,
    int Ties,
    int Losses,
    bool Significant);

/// <summary>The 95% bootstrap interval of the mean difference (B − A).</summary>
public sealed record ConfidenceInterval(double? Lower, double? Upper);

public sealed record PValues(double? Randomization, double? TTest, double? Wilcoxon, double? SignTest);

public sealed record HolmPValues(double? Randomization, double? SignTest);

/// <summary>Builds the summary and significance views from what a completed run stored.</summary>
public static class RunSummaryViews
{
    public const double Alpha = 0.05;

    public static RunSummaryView Summary(Guid runId, Guid testId, string primaryMetric, IReadOnlyList<int> k, StoredRunSummary stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new(runId, testId, stored.Queries, primaryMetric, k,
            [.. stored.Arms.Select(a => new ArmSummaryView(a.Name, a.Means, a.TotalLatency, a.StageLatency))]);
    }

    public static SignificanceView Significance(Guid runId, StoredRunSummary stored, string? metric)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new(runId, stored.Queries, Alpha,
            [.. stored.Comparisons.Where(c => metric is null || c.Metric == metric).Select(Comparison)]);
    }

    public static ComparisonView Comparison(ArmComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var s = comparison.Statistics;
        return new(
            comparison.Metric, comparison.ArmA, comparison.ArmB, s.Count, s.MeanA, s.MeanB, s.MeanDifference,
            new ConfidenceInterval(Defined(s.CiLower), Defined(s.CiUpper)),
            new PValues(Defined(s.RandomizationP), Defined(s.TTestP), Defined(s.WilcoxonP), Defined(s.SignTestP)),
            new HolmPValues(Defined(comparison.RandomizationPHolm), Defined(comparison.SignTestPHolm)),
            Defined(s.CohensDz),
            s.Wins, s.Ties, s.Losses,
            comparison.RandomizationPHolm < Alpha);
    }

    // JSON has no NaN: an undefined statistic (identical arms) travels as null.
    private static double? Defined(double value) => double.IsFinite(value) ? value : null;
}
