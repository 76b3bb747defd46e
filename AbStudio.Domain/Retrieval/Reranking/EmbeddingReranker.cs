using System.Numerics.Tensors;
using AbStudio.Domain.Embeddings;
using Microsoft.Extensions.AI;

namespace AbStudio.Domain.Retrieval.Reranking;

/// <summary>
/// Re-scores candidates with a second embedding model: cosine of the query's and each document's
/// vector (unit vectors, so the dot product). Document vectors are cached across queries, since
/// the same documents come back for many of them.
/// </summary>
public sealed class EmbeddingReranker(IEmbeddingGenerator<string, Embedding<float>> generator) : IReranker
{
    private static readonly EmbeddingGenerationOptions QueryPurpose = EmbeddingPurposeOptions.For(EmbeddingPurpose.Query);
    private static readonly EmbeddingGenerationOptions DocumentPurpose = EmbeddingPurposeOptions.For(EmbeddingPurpose.Document);
    private readonly Dictionary<string, ReadOnlyMemory<float>> _documents = new(StringComparer.Ordinal);

    public async Task<double[]> ScoreAsync(string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var missing = candidates.Where(c => !_documents.ContainsKey(c.DocumentId)).DistinctBy(c => c.DocumentId).ToList();
        if (missing.Count > 0)
        {
            var embedded = await generator.GenerateAsync(missing.Select(c => c.Text), DocumentPurpose, cancellationToken);
            for (var i = 0; i < missing.Count; i++)
            {
                _documents[missing[i].DocumentId] = embedded[i].Vector;
            }
        }

        var queryVector = (await generator.GenerateAsync([query], QueryPurpose, cancellationToken))[0].Vector;
        return [.. candidates.Select(c => (double)TensorPrimitives.Dot(queryVector.Span, _documents[c.DocumentId].Span))];
    }

    public void Dispose() => generator.Dispose();
}
