namespace AbStudio.Domain.Evaluation.Trec;

/// <summary>Relevance judgments for a set of queries, by query id (TREC qrels).</summary>
public sealed class Qrels
{
    public Qrels(IReadOnlyDictionary<string, QueryJudgments> byQuery)
    {
        ArgumentNullException.ThrowIfNull(byQuery);
        ByQuery = byQuery;
    }

    /// <summary>Judged queries; a query counts as judged even when none of its documents is relevant.</summary>
    public IReadOnlyDictionary<string, QueryJudgments> ByQuery { get; }
}
