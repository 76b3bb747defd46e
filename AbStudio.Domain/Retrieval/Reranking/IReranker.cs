namespace AbStudio.Domain.Retrieval.Reranking;

/// <summary>A candidate for reranking: the document, its first-stage score, and its text.</summary>
public sealed record RerankCandidate(string DocumentId, double Score, string Text);

/// <summary>
/// Re-scores the first <c>topN</c> documents of a ranking. Implementations return one score per
/// candidate, in candidate order; <see cref="RerankMerge"/> turns them into the final ranking.
/// </summary>
/// <remarks>
/// The remote one (<c>http</c>) is <c>Embeddings.Remote.HttpReranker</c>, with the engine's other
/// HTTP clients: Retrieval itself does no I/O.
/// </remarks>
public interface IReranker : IDisposable
{
    Task<double[]> ScoreAsync(string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken cancellationToken);
}
