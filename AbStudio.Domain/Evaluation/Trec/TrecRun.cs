namespace AbStudio.Domain.Evaluation.Trec;

/// <summary>One line of a run: a scored document for a query (the rank column is not kept: trec_eval ignores it).</summary>
public readonly record struct ScoredDocument(string DocumentId, double Score);

/// <summary>A TREC run: the scored documents returned for each query, in file order.</summary>
public sealed class TrecRun
{
    public TrecRun(IReadOnlyDictionary<string, ScoredDocument[]> byQuery)
    {
        ArgumentNullException.ThrowIfNull(byQuery);
        ByQuery = byQuery;
    }

    public IReadOnlyDictionary<string, ScoredDocument[]> ByQuery { get; }

    /// <summary>
    /// The query's documents ranked as trec_eval ranks them: score descending, equal scores by
    /// document id descending compared ordinally (trec_eval compares byte strings, so "9" comes
    /// before "10"; ordinal UTF-16 order equals UTF-8 byte order except between supplementary
    /// characters and U+E000–U+FFFF, which document ids do not mix in practice).
    /// Empty when the run has nothing for the query.
    /// </summary>
    public string[] Ranking(string queryId)
    {
        if (!ByQuery.TryGetValue(queryId, out var documents))
        {
            return [];
        }

        var sorted = (ScoredDocument[])documents.Clone();
        Array.Sort(sorted, CompareTrecOrder);
        var ranking = new string[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            ranking[i] = sorted[i].DocumentId;
        }

        return ranking;
    }

    internal static int CompareTrecOrder(ScoredDocument x, ScoredDocument y) => TrecOrder.Compare(x.DocumentId, x.Score, y.DocumentId, y.Score);
}
