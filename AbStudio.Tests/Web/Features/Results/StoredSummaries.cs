using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Evaluation.Statistics;
using AbStudio.Domain.Runs.Summary;

namespace AbStudio.Tests.Web.Features.Results;

/// <summary>Run summaries built by hand, so a table's marks can be checked against numbers chosen for them.</summary>
internal static class StoredSummaries
{
    public static readonly int[] K = [1, 10];

    /// <summary>Every metric of bm25 at 0.5 and of hashing at 0.5 + <paramref name="gain"/>, compared with the given Holm-adjusted p.</summary>
    public static StoredRunSummary TwoArms(double gain, double holmP, int queries = 50)
    {
        var metrics = RunMetrics.For(K).Select(m => m.Name).ToList();
        var latency = new LatencySummary(queries, 2, 1.5, 3, 4, 5);
        var stages = new Dictionary<string, LatencySummary> { ["embed"] = latency, ["search"] = latency, ["fusion"] = new(queries, 0, 0, 0, 0, 0), ["rerank"] = new(queries, 0, 0, 0, 0, 0) };
        StoredArmSummary Arm(string name, double mean) => new(name, metrics.ToDictionary(m => m, _ => mean), latency, stages);
        var comparisons = metrics.Select(m => new ArmComparison("bm25", "hashing", m, Comparison(0.5, 0.5 + gain, queries), holmP, holmP * 2)).ToList();
        return new StoredRunSummary(queries, [Arm("bm25", 0.5), Arm("hashing", 0.5 + gain)], comparisons);
    }

    public static PairedComparison Comparison(double meanA, double meanB, int queries) => new(
        queries, meanA, meanB, meanB - meanA, Wins: 12, Ties: 30, Losses: 8,
        SignTestP: 0.5034, TStatistic: 1.2, TTestP: 0.0412, WilcoxonZ: 1.1, WilcoxonP: 0.0007, RandomizationP: 0.0213,
        CiLower: meanB - meanA - 0.02, CiUpper: meanB - meanA + 0.03, CohensDz: 0.4567);
}
