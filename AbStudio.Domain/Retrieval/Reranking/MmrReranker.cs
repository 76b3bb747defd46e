using System.Numerics.Tensors;
using AbStudio.Domain.Embeddings;
using Microsoft.Extensions.AI;

namespace AbStudio.Domain.Retrieval.Reranking;

/// <summary>
/// Maximal marginal relevance: picks, one at a time, the candidate with the best
/// λ · sim(query, d) − (1 − λ) · max sim(d, already picked), trading relevance for diversity.
/// MMR yields an order, not scores: the i-th pick of n scores (n − i) / n.
/// </summary>
public sealed class MmrReranker(IEmbeddingGenerator<string, Embedding<float>> generator, double lambda) : IReranker
{
    public async Task<double[]> ScoreAsync(string query, IReadOnlyList<RerankCandidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var n = candidates.Count;
        var documents = await generator.GenerateAsync(candidates.Select(c => c.Text), EmbeddingPurposeOptions.For(EmbeddingPurpose.Document), cancellationToken);
        var queryVector = (await generator.GenerateAsync([query], EmbeddingPurposeOptions.For(EmbeddingPurpose.Query), cancellationToken))[0].Vector;

        var relevance = new double[n];
        for (var i = 0; i < n; i++)
        {
            relevance[i] = TensorPrimitives.Dot(queryVector.Span, documents[i].Vector.Span);
        }

        var scores = new double[n];
        var picked = new List<int>(n);
        var maxSimilarityToPicked = new double[n];
        Array.Fill(maxSimilarityToPicked, double.NegativeInfinity);
        for (var round = 0; round < n; round++)
        {
            var best = -1;
            var bestValue = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                if (scores[i] != 0)
                {
                    continue;
                }

                var redundancy = picked.Count == 0 ? 0 : maxSimilarityToPicked[i];
                var value = (lambda * relevance[i]) - ((1 - lambda) * redundancy);
                if (value > bestValue)
                {
                    (best, bestValue) = (i, value);
                }
            }

            scores[best] = (double)(n - round) / n;
            picked.Add(best);
            for (var i = 0; i < n; i++)
            {
                var similarity = TensorPrimitives.Dot(documents[best].Vector.Span, documents[i].Vector.Span);
                maxSimilarityToPicked[i] = Math.Max(maxSimilarityToPicked[i], similarity);
            }
        }

        return scores;
    }

    public void Dispose() => generator.Dispose();
}
