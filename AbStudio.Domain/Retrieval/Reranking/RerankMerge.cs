namespace AbStudio.Domain.Retrieval.Reranking;

/// <summary>
/// Puts reranked documents above the rest. The reranked top N are ordered by their new scores;
/// the documents below N keep their first-stage order and get scores strictly below the lowest
/// reranked score (lowest − 1, lowest − 2, …), because a reranker's scale and the first stage's
/// scale are unrelated and the final list must stay sorted by score (trec_eval ranks by score).
/// </summary>
public static class RerankMerge
{
    public static RankedDocument[] Merge(IReadOnlyList<RankedDocument> ranking, int reranked, IReadOnlyList<double> newScores)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(newScores);
        if (newScores.Count != reranked || reranked > ranking.Count)
        {
            throw new ArgumentException($"{newScores.Count} scores for {reranked} reranked documents of {ranking.Count}.", nameof(newScores));
        }

        var top = new RankedDocument[reranked];
        for (var i = 0; i < reranked; i++)
        {
            top[i] = new RankedDocument(ranking[i].DocumentId, newScores[i]);
        }

        // Stable: equal new scores keep the first stage's order.
        var ordered = top.Select((d, i) => (d, i)).OrderByDescending(x => x.d.Score).ThenBy(x => x.i).Select(x => x.d).ToList();
        var floor = reranked == 0 ? 0 : ordered[^1].Score;
        for (var i = reranked; i < ranking.Count; i++)
        {
            ordered.Add(new RankedDocument(ranking[i].DocumentId, floor - (i - reranked + 1)));
        }

        return [.. ordered];
    }
}
