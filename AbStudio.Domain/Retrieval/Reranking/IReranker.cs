namespace AbStudio.Domain.Retrieval.Reranking;

/// <summary>A candidate for reranking: the document, its first-stage score, and its text.</summary>
public sealed record RerankCandidate(string DocumentId, double Score, string Text);

/// <summary>
/// Re-scores the first <c>topN</c> documents of a ranking. Implementations return one score per
/// candidate, in candidate order; <see cref="RerankMerge"/> turns them into the final ranking.
/// </summary>
public interface IReranker : IDisposable
{
    Task<double[]> ScoreAsync(string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken cancellationToken);
}
