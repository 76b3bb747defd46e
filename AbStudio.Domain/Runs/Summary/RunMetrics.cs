using AbStudio.Domain.Evaluation;

namespace AbStudio.Domain.Runs.Summary;

/// <summary>
/// The product's metric names and how each is read from trec_eval-exact per-query metrics:
/// <c>ndcg@k</c>, <c>recall@k</c>, <c>mrr@k</c> (recip_rank under -M k), <c>hit@k</c> (success),
/// <c>p@k</c>, <c>map@k</c> (map_cut), for every configured k.
/// </summary>
public static class RunMetrics
{
    public static IReadOnlyList<(string Name, Func<QueryMetrics, double> Read)> For(IReadOnlyList<int> cutoffs)
    {
        ArgumentNullException.ThrowIfNull(cutoffs);
        var metrics = new List<(string, Func<QueryMetrics, double>)>();
        foreach (var k in cutoffs)
        {
            metrics.Add(($"ndcg@{k}", m => m.NdcgAt(k)));
            metrics.Add(($"recall@{k}", m => m.RecallAt(k)));
            metrics.Add(($"mrr@{k}", m => m.MrrAt(k)));
            metrics.Add(($"hit@{k}", m => m.HitAt(k)));
            metrics.Add(($"p@{k}", m => m.PrecisionAt(k)));
            metrics.Add(($"map@{k}", m => m.MapAt(k)));
        }

        return metrics;
    }

    public static EvaluationOptions EvaluationOptionsFor(IReadOnlyList<int> cutoffs) =>
        new EvaluationOptions { Cutoffs = cutoffs, MapCutoffs = cutoffs }.Validated();
}
