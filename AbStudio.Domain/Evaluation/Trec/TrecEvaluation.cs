namespace AbStudio.Domain.Evaluation.Trec;

/// <summary>One judged query and its metrics.</summary>
public sealed record EvaluatedQuery(string QueryId, QueryMetrics Metrics);

/// <summary>
/// A run evaluated as <c>trec_eval -q -c</c> does: every judged query, in query-id order (ordinal),
/// a judged query without results scored 0, queries that only the run has left out.
/// </summary>
public sealed class TrecEvaluation
{
    private TrecEvaluation(EvaluationOptions options, EvaluatedQuery[] queries)
    {
        Options = options;
        Queries = queries;
    }

    public EvaluationOptions Options { get; }

    public IReadOnlyList<EvaluatedQuery> Queries { get; }

    /// <summary>Evaluates <paramref name="run"/> against <paramref name="qrels"/>.</summary>
    public static TrecEvaluation Evaluate(Qrels qrels, TrecRun run, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(qrels);
        ArgumentNullException.ThrowIfNull(run);
        var evaluator = new RankingEvaluator(options);
        string[] queryIds = [.. qrels.ByQuery.Keys];
        Array.Sort(queryIds, StringComparer.Ordinal);

        var queries = new EvaluatedQuery[queryIds.Length];
        for (var i = 0; i < queryIds.Length; i++)
        {
            var queryId = queryIds[i];
            queries[i] = new EvaluatedQuery(queryId, evaluator.Evaluate(run.Ranking(queryId), qrels.ByQuery[queryId]));
        }

        return new TrecEvaluation(options, queries);
    }

    /// <summary>The mean of a per-query value over every judged query (summed in query order, as trec_eval does).</summary>
    public double Mean(Func<QueryMetrics, double> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Queries.Count == 0 ? 0 : Sum(value) / Queries.Count;
    }

    /// <summary>The sum of a per-query value over every judged query.</summary>
    public double Sum(Func<QueryMetrics, double> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sum = 0.0;
        foreach (var query in Queries)
        {
            sum += value(query.Metrics);
        }

        return sum;
    }
}
