using AbStudio.Domain.Evaluation;
using AbStudio.Domain.Retrieval;

namespace AbStudio.Domain.Runs.Summary;

/// <summary>
/// Scores one ranked list against its judgments on every product metric (<see cref="RunMetrics"/>),
/// trec_eval-exact. The run job stores these values with each query; the run summary aggregates them.
/// Not thread-safe: it reuses one buffer of document ids.
/// </summary>
public sealed class QueryScorer(IReadOnlyList<int> cutoffs)
{
    private readonly RankingEvaluator _evaluator = new(RunMetrics.EvaluationOptionsFor(cutoffs));
    private string[] _ids = [];

    public IReadOnlyList<(string Name, Func<QueryMetrics, double> Read)> Metrics { get; } = RunMetrics.For(cutoffs);

    /// <summary>The value of each of <see cref="Metrics"/>, in that order.</summary>
    public double[] Score(RankedDocument[] ranking, QueryJudgments judgments)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        if (_ids.Length < ranking.Length)
        {
            _ids = new string[ranking.Length];
        }

        for (var r = 0; r < ranking.Length; r++)
        {
            _ids[r] = ranking[r].DocumentId;
        }

        var values = _evaluator.Evaluate(_ids.AsSpan(0, ranking.Length), judgments);
        var scores = new double[Metrics.Count];
        for (var m = 0; m < scores.Length; m++)
        {
            scores[m] = Metrics[m].Read(values);
        }

        return scores;
    }
}
